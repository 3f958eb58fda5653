namespace Juno.Contracts.Policies;

/// <summary>A demand series to train or evaluate replica policies on: timestamps (Unix ms, strictly increasing) and
/// values in any unit (request counts, passengers, tweets); it is rescaled so that the 99th percentile of its first part
/// is the peak request rate asked for.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.DemandSeries")]
public sealed record DemandSeries(
    [property: Id(0)] string Name,
    [property: Id(1)] long[] TimestampsMs,
    [property: Id(2)] double[] Values)
{
    /// <summary>Rows are interpolated to minutes: this bounds the minutes one series may span (about 417 days).</summary>
    public const int MaxMinutes = 600_000;

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            return "every series needs a name of 1-100 characters";
        }

        if (TimestampsMs is null || Values is null || TimestampsMs.Length < 2 || TimestampsMs.Length != Values.Length)
        {
            return $"series '{Name}': timestampsMs and values need the same length, at least 2";
        }

        for (var i = 0; i < Values.Length; i++)
        {
            if (!double.IsFinite(Values[i]) || Values[i] < 0)
            {
                return $"series '{Name}': value {i} is {Values[i]}; values must be finite and not negative";
            }

            if (i > 0 && TimestampsMs[i] <= TimestampsMs[i - 1])
            {
                return $"series '{Name}': timestamp {i} does not follow timestamp {i - 1}; they must strictly increase";
            }
        }

        var minutes = (TimestampsMs[^1] - TimestampsMs[0]) / 60_000 + 1;
        return minutes > MaxMinutes ? $"series '{Name}' spans {minutes} minutes; at most {MaxMinutes}" : null;
    }

    /// <summary>The first problem with any of <paramref name="traces"/> (1 to <paramref name="maxTraces"/> valid series
    /// with distinct names), and the minutes each spans.</summary>
    public static string? ProblemWithAll(DemandSeries[]? traces, int maxTraces, out long[] minutes)
    {
        minutes = [];
        if (traces is not { Length: > 0 } || traces.Length > maxTraces)
        {
            return $"give 1-{maxTraces} traces";
        }

        minutes = new long[traces.Length];
        for (var i = 0; i < traces.Length; i++)
        {
            if (traces[i] is not { } trace)
            {
                return $"trace {i} is null";
            }

            if (trace.Problem() is { } problem)
            {
                return problem;
            }

            minutes[i] = (trace.TimestampsMs[^1] - trace.TimestampsMs[0]) / 60_000 + 1;
        }

        return traces.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != traces.Length ? "trace names must be unique" : null;
    }
}
