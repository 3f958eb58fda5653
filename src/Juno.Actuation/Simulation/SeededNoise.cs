namespace Juno.Actuation.Simulation;

/// <summary>Noise as a pure function of (seed, stream, second) rather than a stateful generator, so a
/// reading does not depend on how many readings other threads took before it, and backfilled history
/// matches what a live observer at that instant would have seen.</summary>
internal static class SeededNoise
{
    /// <summary>A value uniform in [-1, 1).</summary>
    public static double Unit(int seed, ulong stream, DateTimeOffset at)
    {
        var tick = (ulong)at.ToUnixTimeSeconds();
        var bits = Mix(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ stream ^ (tick * 0xC2B2AE3D27D4EB4FUL));
        return ((bits >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
    }

    /// <summary>FNV-1a: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static ulong Stream(string name)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return hash;
    }

    /// <summary>SplitMix64's finaliser: neighbouring inputs give unrelated outputs.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
