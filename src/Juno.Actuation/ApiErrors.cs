using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Juno.Actuation;

/// <summary>Classifies KubernetesClient failures: which are worth retrying, and what each means to a caller.</summary>
internal static class ApiErrors
{
    /// <summary>Conflicts, throttling, server errors and timeouts can clear on their own; anything else
    /// (404, 422, 403...) will fail the same way again.</summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        HttpOperationException http => IsTransient(http.Response.StatusCode),
        HttpRequestException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Turns a client failure into an <see cref="ActuationException"/>; false for exceptions that
    /// are not about the API (caller cancellation, bugs), which must propagate unchanged.</summary>
    public static bool TryTranslate(Exception exception, CancellationToken callerToken, string operation, int attempts,
        [NotNullWhen(true)] out ActuationException? translated)
    {
        var tries = attempts == 1 ? "" : $", after {attempts} attempts";
        translated = exception switch
        {
            HttpOperationException http => new ActuationException(
                Classify(http.Response.StatusCode),
                $"{operation}: {StatusMessage(http)} (HTTP {(int)http.Response.StatusCode}{tries})",
                (int)http.Response.StatusCode,
                exception),
            HttpRequestException request => new ActuationException(
                ActuationFailure.Unavailable, $"{operation}: the API server could not be reached: {request.Message}{tries}", null, exception),
            OperationCanceledException when !callerToken.IsCancellationRequested => new ActuationException(
                ActuationFailure.Unavailable, $"{operation}: the API server did not answer in time{tries}", null, exception),
            _ => null,
        };
        return translated is not null;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static ActuationFailure Classify(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => ActuationFailure.NotFound,
        HttpStatusCode.Conflict => ActuationFailure.Conflict,
        HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => ActuationFailure.Forbidden,
        HttpStatusCode.TooManyRequests => ActuationFailure.Unavailable,
        _ when (int)status >= 500 => ActuationFailure.Unavailable,
        _ => ActuationFailure.Invalid,
    };

    /// <summary>The API server explains every refusal in a v1 Status body; quote it rather than the HTTP reason.</summary>
    private static string StatusMessage(HttpOperationException exception)
    {
        var body = exception.Response.Content;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                var status = KubernetesJson.Deserialize<V1Status>(body);
                if (!string.IsNullOrWhiteSpace(status?.Message))
                {
                    return status.Message;
                }
            }
            catch (JsonException)
            {
                // Not a Status (a proxy in between, say): fall through to the raw body.
            }

            return body.Length <= 300 ? body : body[..300];
        }

        return exception.Response.ReasonPhrase ?? exception.Response.StatusCode.ToString();
    }
}
