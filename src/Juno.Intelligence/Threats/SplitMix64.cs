namespace Juno.Intelligence;

/// <summary>
/// A tiny seeded generator whose whole state is one ulong, so a detector snapshot can carry it and a restored
/// detector draws exactly the numbers the original would have (System.Random's state can't be saved).
/// </summary>
internal struct SplitMix64(ulong state)
{
    public ulong State { readonly get; private set; } = state;

    public ulong NextUInt64()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive); the bias is below 2^-32 for the sizes used here.</summary>
    /// <remarks>The high word of a 64 × 64-bit product (Lemire) rather than a modulo: a 64-bit division costs tens of cycles, and growing a forest draws thousands of these.</remarks>
    public int Next(int maxExclusive) => (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
}
