namespace Juno.Testing;

/// <summary>The temporary directory a test server lives in.</summary>
internal static class ScratchDirectory
{
    private const UnixFileMode EveryoneTraverses = UnixFileMode.OtherExecute;

    /// <summary>Creates a directory the server's user can write to. As root the server runs as
    /// <c>postgres</c>, so the directory is opened to everyone (it only ever holds throwaway data).</summary>
    public static string Create()
    {
        var path = Path.Combine(BaseDirectory(), "juno-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        if (ToolRunner.RunningAsRoot && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        }

        return path;
    }

    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>The system temp directory, unless the <c>postgres</c> user could not reach into it
    /// (TMPDIR under /root, say): then /tmp, which every Unix user can traverse.</summary>
    private static string BaseDirectory()
    {
        var temp = Path.GetTempPath();
        return ToolRunner.RunningAsRoot && !OperatingSystem.IsWindows() && !TraversableByOthers(temp) ? "/tmp" : temp;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool TraversableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if ((dir.UnixFileMode & EveryoneTraverses) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
