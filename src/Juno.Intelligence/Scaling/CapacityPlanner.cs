namespace Juno.Intelligence;

/// <summary>
/// Replicas per hour from a demand forecast: each hour gets enough pods for the forecast's upper 80% bound over the hour
/// and over the startup delay after it (pods for the next hour must be asked for before it starts), at the target
/// utilisation. With a budget, the plan caps every hour at the largest replica count the budget pays for, so the cut
/// falls on the peak hours that need the most, and says which hours are short.
/// </summary>
public static class CapacityPlanner
{
    /// <summary>Pods that serve <paramref name="demand"/> at <paramref name="utilisation"/> of their capacity (at least 1).</summary>
    public static int ReplicasFor(double demand, double podCapacity, double utilisation) =>
        Math.Max(1, (int)Math.Ceiling(demand / (podCapacity * utilisation)));

    /// <param name="forecast">Demand forecast at a horizon from now.</param>
    /// <param name="step">Spacing of the forecasts read within each hour (the forecaster's step).</param>
    public static CapacitySchedule Plan(Func<TimeSpan, ForecastPoint> forecast, TimeSpan step, CapacityPlanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        var hours = new PlannedHour[settings.Hours];
        for (int h = 0; h < settings.Hours; h++)
        {
            TimeSpan from = TimeSpan.FromHours(h);
            TimeSpan to = from + TimeSpan.FromHours(1) + settings.StartupDelay;
            double meanSum = 0, upper = 0;
            int reads = 0;
            long startMs = 0;
            for (TimeSpan at = from; at <= to; at += step)
            {
                ForecastPoint point = forecast(at);
                startMs = reads == 0 ? point.TargetTimestampMs : startMs;
                meanSum += at < from + TimeSpan.FromHours(1) ? point.Mean : 0;
                reads += at < from + TimeSpan.FromHours(1) ? 1 : 0;
                upper = Math.Max(upper, point.Upper80);
            }

            int needed = Math.Clamp(ReplicasFor(upper, settings.PodCapacity, settings.TargetUtilisation), settings.MinReplicas, settings.MaxReplicas);
            hours[h] = new PlannedHour(startMs, meanSum / Math.Max(1, reads), upper, needed, needed);
        }

        int? cap = null;
        bool withinBudget = true;
        if (settings.Budget is { } budget && Cost(hours, int.MaxValue, settings.PodHourCost) > budget)
        {
            // The largest uniform cap the budget pays for; the minimum if even that is too dear.
            int low = settings.MinReplicas, high = hours.Max(h => h.NeededReplicas);
            withinBudget = Cost(hours, low, settings.PodHourCost) <= budget;
            while (withinBudget && low < high)
            {
                int middle = (low + high + 1) / 2;
                (low, high) = Cost(hours, middle, settings.PodHourCost) <= budget ? (middle, high) : (low, middle - 1);
            }

            cap = low;
            for (int h = 0; h < hours.Length; h++)
            {
                hours[h] = hours[h] with { Replicas = Math.Min(hours[h].NeededReplicas, low) };
            }
        }

        double podHours = hours.Sum(h => (double)h.Replicas);
        return new CapacitySchedule(hours, podHours, podHours * settings.PodHourCost, cap, withinBudget);
    }

    private static double Cost(PlannedHour[] hours, int cap, double podHourCost) =>
        hours.Sum(h => (double)Math.Min(h.NeededReplicas, cap)) * podHourCost;
}

/// <summary>What <see cref="CapacityPlanner"/> plans for (validated by the caller).</summary>
public sealed record CapacityPlanSettings(
    double PodCapacity,
    TimeSpan StartupDelay,
    double TargetUtilisation,
    int MinReplicas,
    int MaxReplicas,
    double PodHourCost,
    double? Budget,
    int Hours);

/// <summary>One planned hour: when it starts, the demand forecast, the replicas it needs and the replicas it gets.</summary>
public readonly record struct PlannedHour(long StartMs, double DemandMean, double DemandUpper80, int NeededReplicas, int Replicas);

/// <summary>A plan: its hours, pod-hours and cost, the budget's cap (if it bound) and whether the budget was met.</summary>
public sealed record CapacitySchedule(PlannedHour[] Hours, double PodHours, double Cost, int? ReplicaCap, bool WithinBudget);
