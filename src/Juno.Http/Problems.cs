using Microsoft.AspNetCore.Http;

namespace Juno.Http;

/// <summary>Problem-details (RFC 9457) responses with a stable type URI per problem, so tools can branch
/// on the type rather than parse the text.</summary>
internal static class Problems
{
    private const string TypeBase = "https://juno.dev/problems/";

    public static IResult BadRequest(string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status400BadRequest, type, title, detail, extensions);

    public static IResult NotFound(string type, string title, string detail) =>
        Create(StatusCodes.Status404NotFound, type, title, detail);

    public static IResult TooLarge(string detail) =>
        Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Payload too large", detail);

    public static IResult Create(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type, extensions: extensions);
}
