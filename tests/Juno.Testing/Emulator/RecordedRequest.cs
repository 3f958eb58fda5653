namespace Juno.Testing.Emulator;

/// <summary>A request as the emulator received it, faulted or not.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType);
