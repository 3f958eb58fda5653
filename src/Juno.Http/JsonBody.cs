using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Juno.Http;

/// <summary>Reads a JSON body of one type up to a limit: 413 past the limit, 400 when it is not that JSON.</summary>
internal static class JsonBody
{
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, IOptions<JsonOptions> json, int limit)
        where T : class
    {
        if (request.ContentLength > limit)
        {
            return (null, Problems.TooLarge($"The body is {request.ContentLength} bytes; the limit is {limit}."));
        }

        var bytes = await BoundedBody.ReadAsync(request.Body, limit, request.HttpContext.RequestAborted);
        if (bytes is null)
        {
            return (null, Problems.TooLarge($"The body exceeds {limit} bytes."));
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, json.Value.SerializerOptions) is { } body
                ? (body, null)
                : (null, Problems.BadRequest("malformed-json", "Malformed JSON", "The body is empty or null."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest("malformed-json", "Malformed JSON", ex.Message));
        }
    }
}
