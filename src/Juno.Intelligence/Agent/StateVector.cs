namespace Juno.Intelligence;

/// <summary>
/// Encodes <see cref="StateInputs"/> as the agent's 10-float state. Every feature is clipped to a small range so
/// one wild metric can't dominate a linear residual or saturate the network; non-finite inputs read as neutral.
/// </summary>
/// <remarks>
/// Layout: [0] CPU utilisation in [0, 1.5]; [1] memory utilisation in [0, 1.5]; [2] latency / SLO clipped to
/// [0, 4] and halved (0.5 = at SLO); [3] error rate / <see cref="RewardFunction.ErrorRateSlo"/> clipped to [0, 4]
/// and halved; [4] 1 / replicas in (0, 1] — the fraction of capacity one replica adds or removes, which is what decides
/// what a scaling action does (the replica ceiling is constant per entity and enforced by the shield, so it would only
/// blur that across entities for the shared network); [5], [6] log2 of the 15-minute and 1-hour demand forecast
/// ratios clipped to [-2, 2] and halved (0 = flat, ±0.5 = doubling/halving); [7] anomaly score in [0, 1];
/// [8], [9] sin and cos of the hour of day, so 23:59 sits next to 00:00.
/// </remarks>
public static class StateVector
{
    public const int Length = 10;

    public static void Write(in StateInputs inputs, Span<float> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"Destination needs {Length} floats.", nameof(destination));
        }

        destination[0] = Clip(inputs.CpuUtilisation, 0, 1.5);
        destination[1] = Clip(inputs.MemoryUtilisation, 0, 1.5);
        destination[2] = Clip(inputs.LatencyRatio, 0, 4) / 2;
        destination[3] = Clip(inputs.ErrorRate / RewardFunction.ErrorRateSlo, 0, 4) / 2;
        destination[4] = 1f / Math.Max(inputs.Replicas, 1);
        destination[5] = LogRatio(inputs.Forecast15mRatio);
        destination[6] = LogRatio(inputs.Forecast1hRatio);
        destination[7] = Clip(inputs.AnomalyScore, 0, 1);
        double angle = double.IsFinite(inputs.HourOfDay) ? inputs.HourOfDay * (Math.PI / 12) : 0;
        destination[8] = (float)Math.Sin(angle);
        destination[9] = (float)Math.Cos(angle);
    }

    private static float Clip(double value, double min, double max) =>
        double.IsFinite(value) ? (float)Math.Clamp(value, min, max) : (float)min;

    private static float LogRatio(double ratio) =>
        double.IsFinite(ratio) && ratio > 0 ? (float)(Math.Clamp(Math.Log2(ratio), -2, 2) / 2) : 0;
}
