using Microsoft.ML.OnnxRuntime;

namespace Juno.Inference;

/// <summary>
/// Pinned input and output buffers with the ONNX Runtime tensors that wrap them, for one run at a time. Kept while
/// the batch size stays the same, so steady-state runs create no tensors and copy only the caller's floats.
/// </summary>
internal sealed class RunBuffers(int inputWidth, int outputWidth) : IDisposable
{
    private float[] _input = [];
    private float[] _output = [];
    private OrtValue? _inputValue;
    private OrtValue? _outputValue;

    public int Batch { get; private set; }

    public OrtValue[] Inputs { get; private set; } = [];

    public OrtValue[] Outputs { get; private set; } = [];

    public Span<float> Input => _input.AsSpan(0, Batch * inputWidth);

    public ReadOnlySpan<float> Output => _output.AsSpan(0, Batch * outputWidth);

    public void Prepare(int batch)
    {
        if (batch == Batch)
        {
            return;
        }

        DisposeTensors();
        if (_input.Length < batch * inputWidth)
        {
            _input = new float[batch * inputWidth];
            _output = new float[batch * outputWidth];
        }

        _inputValue = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, batch * inputWidth), [batch, inputWidth]);
        _outputValue = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, batch * outputWidth), [batch, outputWidth]);
        Inputs = [_inputValue];
        Outputs = [_outputValue];
        Batch = batch;
    }

    public void Dispose() => DisposeTensors();

    private void DisposeTensors()
    {
        _inputValue?.Dispose();
        _outputValue?.Dispose();
        _inputValue = null;
        _outputValue = null;
        Batch = 0;
    }
}
