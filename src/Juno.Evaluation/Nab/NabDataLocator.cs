namespace Juno.Evaluation.Nab;

/// <summary>Finds the shared NAB data: the first <c>shared/data/nab</c> in a directory or any of its ancestors.</summary>
public static class NabDataLocator
{
    public static readonly string RelativePath = Path.Combine("shared", "data", "nab");

    public static string? Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, RelativePath);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string FindOrThrow(string startDirectory) =>
        Find(startDirectory) ?? throw new DirectoryNotFoundException(
            $"No '{RelativePath}' folder in '{startDirectory}' or any folder above it.");
}
