namespace Juno.Intelligence;

/// <summary>
/// Shape of a <see cref="ShingleForest"/>. The defaults were chosen on the NAB corpus (benchmarks/Juno.Evaluation.Runner),
/// so they are tuned values, not held-out ones.
/// </summary>
public sealed record ShingleForestOptions
{
    public static ShingleForestOptions Default { get; } = new();

    /// <summary>How many recent values form one point: the forest scores the shape of the recent past, not one value.</summary>
    public int ShingleLength { get; init; } = 2;

    public int Trees { get; init; } = 40;

    /// <summary>Depth of every tree; a tree has 2^(Depth+1) − 1 nodes, each holding two 8-bit masses.</summary>
    public int Depth { get; init; } = 7;

    /// <summary>
    /// Samples per mass window: the masses counted over one window are the reference the next window is scored
    /// against, so a new regime stops looking novel after one or two windows.
    /// </summary>
    public int WindowSamples { get; init; } = 256;

    /// <summary>Scoring stops descending at a node holding fewer reference points than this (the paper's size limit).</summary>
    public int SizeLimit { get; init; } = 8;

    /// <summary>Seed of the random split layout; a fixed seed makes every forest with these options identical.</summary>
    public int Seed { get; init; } = 17;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ShingleLength, 1, nameof(ShingleLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ShingleLength, 255, nameof(ShingleLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(Trees, 1, nameof(Trees));
        ArgumentOutOfRangeException.ThrowIfLessThan(Depth, 1, nameof(Depth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Depth, 16, nameof(Depth));
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowSamples, 2, nameof(WindowSamples));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WindowSamples, ushort.MaxValue, nameof(WindowSamples));
        ArgumentOutOfRangeException.ThrowIfNegative(SizeLimit, nameof(SizeLimit));
    }

    internal static void Write(BinaryWriter writer, ShingleForestOptions options)
    {
        writer.Write(options.ShingleLength);
        writer.Write(options.Trees);
        writer.Write(options.Depth);
        writer.Write(options.WindowSamples);
        writer.Write(options.SizeLimit);
        writer.Write(options.Seed);
    }

    internal static ShingleForestOptions Read(BinaryReader reader)
    {
        var options = new ShingleForestOptions
        {
            ShingleLength = reader.ReadInt32(),
            Trees = reader.ReadInt32(),
            Depth = reader.ReadInt32(),
            WindowSamples = reader.ReadInt32(),
            SizeLimit = reader.ReadInt32(),
            Seed = reader.ReadInt32(),
        };
        options.Validate();
        return options == Default ? Default : options;
    }
}
