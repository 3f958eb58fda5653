using Juno.Contracts.Policies;
using Juno.Intelligence;

namespace Juno.Grains.Policies;

/// <summary>Turns posted series into simulator traces: per minute, rescaled so the 99th percentile of the first
/// <c>calibrationShare</c> is the peak asked for (the part a planner could have seen sets the scale).</summary>
internal static class PolicyTraces
{
    public static DemandTrace From(DemandSeries series, double peakRequestRate, double calibrationShare) =>
        DemandTrace.FromSeries(series.Name, series.TimestampsMs, series.Values, peakRequestRate, Math.Clamp(calibrationShare, 0.1, 1));
}
