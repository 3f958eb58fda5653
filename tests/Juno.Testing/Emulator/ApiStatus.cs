using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>The v1 Status bodies the real API server returns for failures, with its wording.</summary>
internal static class ApiStatus
{
    public static ApiResponse NotFound(ResourceView view, string name) => Failure(
        404, "NotFound", $"{view.QualifiedResource} \"{name}\" not found", Details(name, view.Group, view.Resource));

    public static ApiResponse Conflict(ResourceView view, string name) => Failure(
        409, "Conflict",
        $"Operation cannot be fulfilled on {view.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
        Details(name, view.Group, view.Resource));

    public static ApiResponse AlreadyExists(ResourceView view, string name) => Failure(
        409, "AlreadyExists", $"{view.QualifiedResource} \"{name}\" already exists", Details(name, view.Group, view.Resource));

    public static ApiResponse Invalid(ResourceView view, string name, FieldError error)
    {
        var details = Details(name, view.KindGroup, view.Kind);
        details["causes"] = new JsonArray(new JsonObject
        {
            ["reason"] = "FieldValueInvalid",
            ["message"] = $"Invalid value: {error.Value}: {error.Message}",
            ["field"] = error.Field,
        });
        return Failure(422, "Invalid",
            $"{view.QualifiedKind} \"{name}\" is invalid: {error.Field}: Invalid value: {error.Value}: {error.Message}", details);
    }

    /// <summary>The eviction API's refusal when a PodDisruptionBudget would be broken.</summary>
    public static ApiResponse DisruptionBudget(string budget, int minAvailable, int healthy)
    {
        var details = new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject
            {
                ["reason"] = "DisruptionBudget",
                ["message"] = $"The disruption budget {budget} needs {minAvailable} healthy pods and has {healthy} currently",
            }),
        };
        return Failure(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", details);
    }

    /// <summary>What a successful DELETE or eviction answers.</summary>
    public static ApiResponse Success(int code) => new(code, new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["code"] = code,
    });

    /// <summary>What a watch from a compacted revision gets (as an ERROR event).</summary>
    public static ApiResponse Expired(long revision) =>
        Failure(410, "Expired", $"too old resource version: {revision}", null);

    public static ApiResponse BadRequest(string message) => Failure(400, "BadRequest", message, null);

    public static ApiResponse UnsupportedMediaType(string? contentType) => Failure(
        415, "UnsupportedMediaType",
        $"the body of the request was in an unknown format ({contentType ?? "none"}) - accepted media types include: " +
        "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json",
        null);

    public static ApiResponse UnknownPath() => Failure(404, "NotFound", "the server could not find the requested resource", null);

    /// <summary>A failure injected by a test, shaped like the real thing for its status code.</summary>
    public static ApiResponse Injected(int code) => Failure(code, code switch
    {
        403 => "Forbidden",
        409 => "Conflict",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        _ => "Unknown",
    }, $"injected fault: HTTP {code}", null);

    private static ApiResponse Failure(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return new ApiResponse(code, status);
    }

    private static JsonObject Details(string name, string group, string kind)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        return details;
    }
}
