namespace Juno.Http;

/// <summary>Reads a request body up to a limit, so a client that lies about (or omits) Content-Length still can't
/// make the facade buffer more than the limit.</summary>
internal static class BoundedBody
{
    /// <returns>The body, or null when it is longer than <paramref name="limit"/>.</returns>
    public static async Task<byte[]?> ReadAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
