namespace Juno.Inference;

/// <summary>An ONNX model was refused: it doesn't parse, doesn't load, or doesn't have the shape this code serves.</summary>
public sealed class InvalidModelException : Exception
{
    public InvalidModelException(string message)
        : base(message)
    {
    }

    public InvalidModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
