using Juno.Evaluation.Nab;

namespace Juno.Evaluation;

/// <summary>
/// The one argument the forecast and scaling runners take, <c>--data &lt;shared/data folder&gt;</c>; without it, the
/// folder holding the first <c>shared/data/nab</c> found walking up from the current directory.
/// </summary>
public static class SharedDataArguments
{
    /// <summary>The shared data folder, or null when the arguments are not a usage the runners accept.</summary>
    public static string? Resolve(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args switch
        {
            ["--data", string given] => given,
            [] => Path.GetDirectoryName(NabDataLocator.FindOrThrow(Directory.GetCurrentDirectory()))!,
            _ => null,
        };
    }
}
