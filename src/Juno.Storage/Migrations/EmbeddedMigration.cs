using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Juno.Storage;

/// <summary>One versioned SQL script shipped inside this assembly, named <c>NNNN_description.sql</c>.</summary>
internal sealed partial record EmbeddedMigration(int Version, string Name, string Sql, string Sha256)
{
    private const string ResourcePrefix = "Juno.Storage.Migrations.";

    /// <summary>All scripts in version order. Versions must run 1, 2, 3... without gaps, so a script that was
    /// forgotten or misnumbered fails every start-up instead of silently being skipped.</summary>
    public static IReadOnlyList<EmbeddedMigration> LoadAll()
    {
        var assembly = typeof(EmbeddedMigration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal))
            .Select(r => Load(assembly, r))
            .OrderBy(m => m.Version)
            .ToList();

        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Embedded migrations must be numbered 1..{migrations.Count} without gaps or duplicates; found {migrations[i].Name} at position {i + 1}.");
            }
        }

        return migrations;
    }

    private static EmbeddedMigration Load(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..^".sql".Length];
        var match = FileName().Match(name);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // A checkout with CRLF line endings must not look like an edited migration.
        var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new EmbeddedMigration(int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), name, sql, sha);
    }

    [GeneratedRegex("^(?<version>[0-9]{4})_[a-z0-9_]+$")]
    private static partial Regex FileName();
}
