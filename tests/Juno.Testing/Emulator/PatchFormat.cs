using System.Net.Http.Headers;

namespace Juno.Testing.Emulator;

/// <summary>The patch media types the API server accepts (server-side apply aside).</summary>
internal enum PatchFormat
{
    Merge,
    StrategicMerge,
    Json,
}

internal static class PatchFormats
{
    public static PatchFormat? FromContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            ? parsed.MediaType switch
            {
                "application/merge-patch+json" => PatchFormat.Merge,
                "application/strategic-merge-patch+json" => PatchFormat.StrategicMerge,
                "application/json-patch+json" => PatchFormat.Json,
                _ => null,
            }
            : null;
}
