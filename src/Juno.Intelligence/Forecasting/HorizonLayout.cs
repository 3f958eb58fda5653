using System.Collections.Concurrent;

namespace Juno.Intelligence;

/// <summary>
/// The horizons (in steps) at which forecast errors are tracked, and where their pending probe forecasts live.
/// </summary>
/// <remarks>
/// Buckets sit at 1 step and at 1/96, 1/24, 1/4 and 1 season — for 5-minute steps: 5 min, 15 min, 1 h, 6 h, 24 h.
/// A bucket with horizon H issues a probe forecast every <c>max(1, H / 12)</c> steps and keeps it in a ring until
/// its target step closes, so at most ~12 probes per bucket are pending: memory stays O(1) in the horizon.
/// Layouts are immutable and shared by every forecaster with the same season length.
/// </remarks>
internal sealed class HorizonLayout
{
    public const int BucketCount = 5;
    public const int MinimumSeasonLength = 8;
    private const int ProbesPerHorizon = 12;

    // Each bucket's error variance remembers about three seasons of its own samples (at least 32, at most 512), so
    // every horizon forgets the poor forecasts of the first days at the same pace.
    private const int SeasonsRemembered = 3;
    private const int MinimumMemory = 32;
    private const int MaximumMemory = 512;
    private static readonly double[] SeasonFractions = [0, 1.0 / 96, 1.0 / 24, 1.0 / 4, 1];
    private static readonly ConcurrentDictionary<int, HorizonLayout> Cache = new();

    private readonly int[] _horizons = new int[BucketCount];
    private readonly int[] _strides = new int[BucketCount];
    private readonly int[] _ringLengths = new int[BucketCount];
    private readonly int[] _ringOffsets = new int[BucketCount];
    private readonly int[] _memories = new int[BucketCount];

    private HorizonLayout(int seasonLength)
    {
        int offset = 0;
        for (int bucket = 0; bucket < BucketCount; bucket++)
        {
            int horizon = bucket == 0
                ? 1
                : Math.Max(_horizons[bucket - 1] + 1, (int)Math.Round(seasonLength * SeasonFractions[bucket]));
            _horizons[bucket] = horizon;

            // The one-step error is measured directly when a step closes, so bucket 0 needs no probes.
            int stride = Math.Max(1, horizon / ProbesPerHorizon);
            _strides[bucket] = stride;
            _ringLengths[bucket] = bucket == 0 ? 0 : (horizon + stride - 1) / stride;
            _ringOffsets[bucket] = offset;
            offset += _ringLengths[bucket];
            _memories[bucket] = Math.Clamp(SeasonsRemembered * seasonLength / stride, MinimumMemory, MaximumMemory);
        }

        TotalProbes = offset;
    }

    public int TotalProbes { get; }

    public static HorizonLayout For(int seasonLength) => Cache.GetOrAdd(seasonLength, static m => new HorizonLayout(m));

    public int Horizon(int bucket) => _horizons[bucket];

    /// <summary>Exponential memory of the bucket's error variance, in error samples.</summary>
    public int Memory(int bucket) => _memories[bucket];

    /// <summary>Whether bucket <paramref name="bucket"/> issues a probe when <paramref name="step"/> closes.</summary>
    public bool IssuesAt(int bucket, long step) => bucket > 0 && FloorMod(step, _strides[bucket]) == 0;

    /// <summary>Index into the shared probe array of the probe bucket <paramref name="bucket"/> issued at <paramref name="step"/>.</summary>
    public int ProbeIndex(int bucket, long step) =>
        _ringOffsets[bucket] + (int)FloorMod(FloorDiv(step, _strides[bucket]), _ringLengths[bucket]);

    private static long FloorMod(long value, long divisor) => ((value % divisor) + divisor) % divisor;

    private static long FloorDiv(long value, long divisor) => (value - FloorMod(value, divisor)) / divisor;
}
