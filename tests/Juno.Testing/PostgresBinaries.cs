namespace Juno.Testing;

/// <summary>Finds the PostgreSQL server binaries installed on this machine.</summary>
internal static class PostgresBinaries
{
    /// <summary>Overrides discovery, for machines that install PostgreSQL somewhere other than Debian's layout.</summary>
    public const string BinDirVariable = "JUNO_PG_BINDIR";

    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The bin directory of the highest installed major version.</summary>
    public static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(BinDirVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServerTools(configured)
                ? configured
                : throw new InvalidOperationException(
                    $"{BinDirVariable}={configured} does not contain initdb, pg_ctl and postgres.");
        }

        var candidates = Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot)
                .Select(dir => (Major: ParseMajor(Path.GetFileName(dir)), Bin: Path.Combine(dir, "bin")))
                .Where(c => c.Major is not null && HasServerTools(c.Bin))
                .OrderByDescending(c => c.Major)
                .ToList()
            : [];

        return candidates.Count > 0
            ? candidates[0].Bin
            : throw new InvalidOperationException(
                $"No PostgreSQL server binaries found: looked for {DebianRoot}/<version>/bin/{{initdb,pg_ctl,postgres}} " +
                $"and the {BinDirVariable} environment variable. Install them (Debian: apt-get install postgresql) " +
                $"or point {BinDirVariable} at the directory holding initdb.");
    }

    private static int? ParseMajor(string name) => int.TryParse(name, out var major) ? major : null;

    private static bool HasServerTools(string bin) =>
        File.Exists(Path.Combine(bin, "initdb"))
        && File.Exists(Path.Combine(bin, "pg_ctl"))
        && File.Exists(Path.Combine(bin, "postgres"));
}
