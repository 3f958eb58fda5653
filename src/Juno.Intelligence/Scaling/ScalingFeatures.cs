namespace Juno.Intelligence;

/// <summary>
/// What a replica policy sees, in utilisation terms so one network serves workloads of any size and the same features
/// can be read off a simulated minute (where pod capacity is known) and a live workload (where CPU utilisation of the
/// ready pods stands in for demand over their capacity).
/// </summary>
/// <param name="ReadyUtilisation">Demand over the capacity of the ready pods.</param>
/// <param name="LatencyRatio">p95 latency over its objective.</param>
/// <param name="ErrorRatio">Error rate over its objective.</param>
/// <param name="StartingShare">Pods asked for but not ready, over the pods asked for.</param>
/// <param name="AskedUtilisation">Demand over the capacity of the pods asked for (ready or not).</param>
/// <param name="Forecast15mUtilisation">Upper-80% demand forecast 15 minutes ahead over the capacity asked for.</param>
/// <param name="Forecast1hUtilisation">The same an hour ahead.</param>
/// <param name="RecentChange">Demand change over the last five minutes, over the capacity asked for.</param>
/// <param name="DayFraction">Time of day in [0, 1), UTC.</param>
public readonly record struct ScalingFeatureInputs(
    double ReadyUtilisation,
    double LatencyRatio,
    double ErrorRatio,
    double StartingShare,
    double AskedUtilisation,
    double Forecast15mUtilisation,
    double Forecast1hUtilisation,
    double RecentChange,
    double DayFraction);

/// <summary>Encodes <see cref="ScalingFeatureInputs"/> as the replica policy's 10 floats, each clipped so that one
/// wild reading cannot saturate the network; non-finite readings count as the worst case for utilisations and as
/// neutral elsewhere.</summary>
public static class ScalingFeatures
{
    public const int Length = 10;

    public static void Write(in ScalingFeatureInputs inputs, Span<float> state)
    {
        if (state.Length < Length)
        {
            throw new ArgumentException($"Destination needs {Length} floats.", nameof(state));
        }

        state[0] = Clip(inputs.ReadyUtilisation, 0, 2, 2);
        state[1] = Clip(inputs.LatencyRatio, 0, 4, 0);
        state[2] = Clip(inputs.ErrorRatio / 10, 0, 1, 0);
        state[3] = Clip(inputs.StartingShare, -1, 1, 0);
        state[4] = Clip(inputs.AskedUtilisation, 0, 3, 3);
        state[5] = Clip(inputs.Forecast15mUtilisation, 0, 3, 3);
        state[6] = Clip(inputs.Forecast1hUtilisation, 0, 3, 3);
        state[7] = Clip(inputs.RecentChange, -1, 1, 0);
        double angle = 2 * Math.PI * (double.IsFinite(inputs.DayFraction) ? inputs.DayFraction : 0);
        state[8] = (float)Math.Sin(angle);
        state[9] = (float)Math.Cos(angle);
    }

    private static float Clip(double value, double min, double max, double whenUnknown) =>
        (float)(double.IsFinite(value) ? Math.Clamp(value, min, max) : whenUnknown);
}
