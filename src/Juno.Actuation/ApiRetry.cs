using Microsoft.Extensions.Logging;

namespace Juno.Actuation;

/// <summary>Runs one API operation with bounded exponential backoff. Each attempt re-runs the whole
/// read-check-write sequence, so a conflict is retried against a fresh resourceVersion rather than
/// replaying the stale write.</summary>
internal sealed partial class ApiRetry(int maxAttempts, TimeSpan baseBackoff, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                return await attempt(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (attemptNumber < maxAttempts && ApiErrors.IsTransient(ex, ct))
            {
                var delay = Backoff(baseBackoff, attemptNumber);
                LogRetrying(logger, operation, attemptNumber, maxAttempts, delay, ex.Message);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ApiErrors.TryTranslate(ex, ct, operation, attemptNumber, out var failure))
            {
                throw failure;
            }
        }
    }

    /// <summary>The wait after failed attempt <paramref name="attemptNumber"/> (1-based).</summary>
    internal static TimeSpan Backoff(TimeSpan baseBackoff, int attemptNumber) =>
        TimeSpan.FromTicks((long)Math.Min(baseBackoff.Ticks * Math.Pow(2, Math.Min(attemptNumber - 1, 30)), MaxBackoff.Ticks));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation}: attempt {Attempt} of {MaxAttempts} failed, retrying in {Delay}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string operation, int attempt, int maxAttempts, TimeSpan delay, string reason);
}
