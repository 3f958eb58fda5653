namespace Juno.Actuation;

/// <summary>A command the cluster refused or could not carry out. The message names the object and
/// quotes the API server's own explanation.</summary>
public sealed class ActuationException : Exception
{
    public ActuationException(ActuationFailure failure, string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        StatusCode = statusCode;
    }

    public ActuationFailure Failure { get; }

    /// <summary>The HTTP status of the last attempt; null when there was no response (timeouts, refused connections).</summary>
    public int? StatusCode { get; }
}
