namespace Juno.Grains.Entities;

/// <summary>A per-entity seed from its key: the same on every silo and after every restart, which
/// <see cref="string.GetHashCode()"/> (randomised per process) is not. FNV-1a over the key's characters.</summary>
internal static class StableSeed
{
    /// <summary>FNV-1a's offset basis, for seeds that need no configured starting value.</summary>
    public const uint DefaultBasis = 2166136261u;

    public static int For(string key, uint basis = DefaultBasis)
    {
        var hash = basis;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
