namespace Juno.Actuation.Tests;

/// <summary>A file in the temp directory that is deleted when the test is done with it.</summary>
internal sealed class TemporaryFile : IDisposable
{
    public TemporaryFile(string contents)
    {
        File.WriteAllText(Path, contents);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"juno-{Guid.NewGuid():N}.tmp");

    public void Dispose() => File.Delete(Path);
}
