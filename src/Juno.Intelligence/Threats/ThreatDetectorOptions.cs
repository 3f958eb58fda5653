namespace Juno.Intelligence;

/// <summary>
/// Tuning of <see cref="ThreatDetector"/>. Counts are in samples, so the time they cover depends on the caller's sample
/// interval; the defaults assume one sample every five minutes.
/// </summary>
public sealed record ThreatDetectorOptions
{
    public static ThreatDetectorOptions Default { get; } = new();

    /// <summary>
    /// Isolation trees in the joint forest (all features); more trees give a steadier score at proportional cost. 25
    /// by default: on the generated attack set the per-feature forests' scores are higher than the joint forest's for
    /// practically every sample, so its score quantiles and verdicts were the same with 25, 50 and 100 trees
    /// (Juno.Threats.Runner --trees); it stays as the only forest that sees unusual combinations of usual values.
    /// </summary>
    public int TreeCount { get; init; } = 25;

    /// <summary>Training vectors each tree is grown from (ψ); trees are limited to depth ⌈log2 ψ⌉.</summary>
    public int SubsampleSize { get; init; } = 256;

    /// <summary>
    /// Trees in each per-feature forest. An average over trees that split on all seven forest features dilutes a deviation in
    /// one of them (a tree picks that feature once in seven splits, and a depth-limited path has only about eight), so
    /// each feature also gets a forest over just itself and the hour of day, and the score is the highest of all forests;
    /// 0 turns the per-feature forests off.
    /// </summary>
    public int MarginalTreeCount { get; init; } = 25;

    /// <summary>
    /// ψ of the per-feature forests; two dimensions need fewer points to describe. 64 by default: on the generated
    /// attack set it detected as many episodes as 128 with fewer false alerts, in about 60 % of the node memory and
    /// regrowth time.
    /// </summary>
    public int MarginalSubsampleSize { get; init; } = 64;

    /// <summary>
    /// Vectors drawn from the baseline at each rebuild; trees subsample from this set. The set, not the forest, is what a
    /// snapshot stores: the forest is regrown from it with the same seed, which keeps snapshots small.
    /// </summary>
    public int TrainingSetSize { get; init; } = 512;

    /// <summary>Recent normal samples the baseline keeps (the default is about 3.5 days of five-minute samples).</summary>
    public int BaselineCapacity { get; init; } = 1024;

    /// <summary>Samples that only build the baseline, with no verdicts, before the first forest is grown (one day by default, so the daily cycle is seen).</summary>
    public int WarmupSamples { get; init; } = 288;

    /// <summary>The forest is regrown after this many samples have been accepted into the baseline since the last growth.</summary>
    public int RebuildInterval { get; init; } = 144;

    /// <summary>
    /// How far beyond a tree node's range a split may fall, in robust scales of the feature. Wider margins isolate
    /// out-of-range values in fewer splits (the forest is more sensitive to a single signal leaving its usual range) at
    /// the cost of splits that separate nothing for in-range values.
    /// </summary>
    public double SplitMargin { get; init; } = 2;

    /// <summary>
    /// Score at or above which a sample is a threat. The default was chosen on the generated attack set (see
    /// Juno.Threats.Runner): there, normal samples' scores have a median of about 0.45, a 99.9th percentile of about 0.68
    /// and a 99.99th of about 0.74, while half of the attack episodes peak above about 0.80. 0.74 found two more
    /// episodes of 123 (as many as a different random stream moves the count) for a third more false alerts, right at
    /// the 0.1 per entity-day budget; 0.76 two fewer.
    /// </summary>
    public double Threshold { get; init; } = 0.75;

    /// <summary>Scores at or above this are at least <see cref="ThreatSeverity.Medium"/> before the class adjustment.</summary>
    public double MediumScore { get; init; } = 0.82;

    /// <summary>Scores at or above this are <see cref="ThreatSeverity.High"/> before the class adjustment.</summary>
    public double HighScore { get; init; } = 0.87;

    /// <summary>|Deviation| at or above which a signal is listed as an indicator and counts towards a class pattern.</summary>
    public double IndicatorDeviation { get; init; } = 3;

    /// <summary>
    /// Floor on a signal's robust scale in log1p units. Signals that are almost always zero (auth failures) have no
    /// spread at all; the floor keeps one stray failure from reading as a huge deviation.
    /// </summary>
    public double MinimumScale { get; init; } = 0.5;

    /// <summary>Floor on the CPU utilisation scale (utilisation is a fraction, 1 = the entity's full CPU allowance).</summary>
    public double MinimumCpuScale { get; init; } = 0.03;

    /// <summary>False-positive marks an entity remembers; the oldest is forgotten first.</summary>
    public int FalsePositiveCapacity { get; init; } = 16;

    /// <summary>Copies of each false-positive mark put into every training set, so the forest learns it as a small cluster rather than one stray point.</summary>
    public int FalsePositiveCopies { get; init; } = 8;

    /// <summary>A sample within this many robust scales of a false-positive mark on every feature is not alerted, whatever its score.</summary>
    public double FalsePositiveRadius { get; init; } = 1.5;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TreeCount, 1, nameof(TreeCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TreeCount, 1000, nameof(TreeCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(SubsampleSize, 8, nameof(SubsampleSize));

        // Packed nodes keep a 12-bit right-child offset: a tree over ψ ≤ 2048 points has at most 4095 nodes.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SubsampleSize, IsolationForest.MaxSubsampleSize, nameof(SubsampleSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MarginalTreeCount, 0, nameof(MarginalTreeCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MarginalTreeCount, 1000, nameof(MarginalTreeCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MarginalSubsampleSize, 8, nameof(MarginalSubsampleSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MarginalSubsampleSize, SubsampleSize, nameof(MarginalSubsampleSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainingSetSize, SubsampleSize, nameof(TrainingSetSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaselineCapacity, SubsampleSize, nameof(BaselineCapacity));

        // The training set names ring slots in 16 bits.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BaselineCapacity, ushort.MaxValue + 1, nameof(BaselineCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(WarmupSamples, 8, nameof(WarmupSamples));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WarmupSamples, BaselineCapacity, nameof(WarmupSamples));
        ArgumentOutOfRangeException.ThrowIfLessThan(RebuildInterval, 1, nameof(RebuildInterval));

        // Training sets are drawn from the slots the next RebuildInterval samples can't overwrite; leave ψ of them.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RebuildInterval, BaselineCapacity - SubsampleSize, nameof(RebuildInterval));
        RequirePositive(SplitMargin, nameof(SplitMargin));
        RequireFraction(Threshold, nameof(Threshold));
        RequireFraction(MediumScore, nameof(MediumScore));
        RequireFraction(HighScore, nameof(HighScore));
        if (MediumScore > HighScore)
        {
            throw new ArgumentOutOfRangeException(nameof(MediumScore), MediumScore, "Must not exceed HighScore.");
        }

        if (HighScore <= Threshold)
        {
            throw new ArgumentOutOfRangeException(nameof(HighScore), HighScore, "Must exceed Threshold.");
        }

        RequirePositive(IndicatorDeviation, nameof(IndicatorDeviation));
        RequirePositive(MinimumScale, nameof(MinimumScale));
        RequirePositive(MinimumCpuScale, nameof(MinimumCpuScale));
        ArgumentOutOfRangeException.ThrowIfLessThan(FalsePositiveCapacity, 0, nameof(FalsePositiveCapacity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FalsePositiveCapacity, 256, nameof(FalsePositiveCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(FalsePositiveCopies, 0, nameof(FalsePositiveCopies));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FalsePositiveCopies, 64, nameof(FalsePositiveCopies));
        RequirePositive(FalsePositiveRadius, nameof(FalsePositiveRadius));
    }

    // Snapshots carry the options so a restored detector scores exactly like the original; default options cost one byte.
    internal static void Write(BinaryWriter writer, ThreatDetectorOptions options)
    {
        bool isDefault = options == Default;
        writer.Write(isDefault);
        if (isDefault)
        {
            return;
        }

        writer.Write(options.TreeCount);
        writer.Write(options.SubsampleSize);
        writer.Write(options.MarginalTreeCount);
        writer.Write(options.MarginalSubsampleSize);
        writer.Write(options.TrainingSetSize);
        writer.Write(options.BaselineCapacity);
        writer.Write(options.WarmupSamples);
        writer.Write(options.RebuildInterval);
        writer.Write(options.SplitMargin);
        writer.Write(options.Threshold);
        writer.Write(options.MediumScore);
        writer.Write(options.HighScore);
        writer.Write(options.IndicatorDeviation);
        writer.Write(options.MinimumScale);
        writer.Write(options.MinimumCpuScale);
        writer.Write(options.FalsePositiveCapacity);
        writer.Write(options.FalsePositiveCopies);
        writer.Write(options.FalsePositiveRadius);
    }

    internal static ThreatDetectorOptions Read(BinaryReader reader)
    {
        if (reader.ReadBoolean())
        {
            return Default;
        }

        var options = new ThreatDetectorOptions
        {
            TreeCount = reader.ReadInt32(),
            SubsampleSize = reader.ReadInt32(),
            MarginalTreeCount = reader.ReadInt32(),
            MarginalSubsampleSize = reader.ReadInt32(),
            TrainingSetSize = reader.ReadInt32(),
            BaselineCapacity = reader.ReadInt32(),
            WarmupSamples = reader.ReadInt32(),
            RebuildInterval = reader.ReadInt32(),
            SplitMargin = reader.ReadDouble(),
            Threshold = reader.ReadDouble(),
            MediumScore = reader.ReadDouble(),
            HighScore = reader.ReadDouble(),
            IndicatorDeviation = reader.ReadDouble(),
            MinimumScale = reader.ReadDouble(),
            MinimumCpuScale = reader.ReadDouble(),
            FalsePositiveCapacity = reader.ReadInt32(),
            FalsePositiveCopies = reader.ReadInt32(),
            FalsePositiveRadius = reader.ReadDouble(),
        };
        options.Validate();
        return options;
    }

    private static void RequireFraction(double value, string name)
    {
        if (!(value > 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be in (0, 1).");
        }
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and positive.");
        }
    }
}
