using Microsoft.Extensions.Logging;

namespace Juno.Inference;

internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "ONNX session ready on {Provider}: {Inputs} inputs -> {Outputs} outputs")]
    public static partial void SessionReady(ILogger logger, string provider, int inputs, int outputs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "CUDA was requested but can't be used, running on CPU: {Reason}")]
    public static partial void CudaRequestedButUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Running on CPU because CUDA isn't available: {Reason}")]
    public static partial void CudaUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Model '{ModelId}' registered on {Provider}")]
    public static partial void ModelRegistered(ILogger logger, string modelId, string provider);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Model {ModelId} refused: SHA-256 {Actual} is not the {Expected} recorded at upload")]
    public static partial void DigestMismatch(ILogger logger, string modelId, string expected, string actual);
}
