namespace Juno.Inference;

/// <summary>Where an <see cref="OnnxInferenceSession"/> should run.</summary>
public enum InferenceDevice
{
    /// <summary>CUDA when this build and machine offer it, otherwise CPU.</summary>
    Auto,

    /// <summary>Always CPU.</summary>
    Cpu,

    /// <summary>CUDA wanted; falls back to CPU with a warning when it can't be had.</summary>
    Cuda,
}
