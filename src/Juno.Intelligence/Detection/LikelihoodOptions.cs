namespace Juno.Intelligence;

/// <summary>
/// Tuning of <see cref="AnomalyLikelihood"/>, in samples. The defaults were chosen on the NAB corpus
/// (benchmarks/Juno.Evaluation.Runner), so they are tuned values, not held-out ones.
/// </summary>
public sealed record LikelihoodOptions
{
    public static LikelihoodOptions Default { get; } = new();

    /// <summary>Raw scores averaged into the short mean that is judged.</summary>
    public int ShortWindow { get; init; } = 10;

    /// <summary>Short means the distribution is estimated from.</summary>
    public int HistoricWindow { get; init; } = 2000;

    /// <summary>Short means needed before anything but 0 is reported.</summary>
    public int MinimumHistory { get; init; } = 300;

    /// <summary>Floor on the historic mean: raw scores below it are treated as this quiet.</summary>
    public double MinimumMean { get; init; } = 0.03;

    /// <summary>Floor on the historic deviation of the short mean.</summary>
    public double MinimumDeviation { get; init; } = 0.02;

    /// <summary>Powers of ten of improbability that map to a score of 1.</summary>
    public double Decades { get; init; } = 10;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ShortWindow, 1, nameof(ShortWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(HistoricWindow, 2, nameof(HistoricWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumHistory, 2, nameof(MinimumHistory));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinimumHistory, HistoricWindow, nameof(MinimumHistory));
        RequireNonNegative(MinimumMean, nameof(MinimumMean));
        if (!(MinimumDeviation > 0) || !double.IsFinite(MinimumDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumDeviation), MinimumDeviation, "Must be finite and positive.");
        }

        if (!(Decades > 0) || !double.IsFinite(Decades))
        {
            throw new ArgumentOutOfRangeException(nameof(Decades), Decades, "Must be finite and positive.");
        }
    }

    internal static void Write(BinaryWriter writer, LikelihoodOptions options)
    {
        writer.Write(options.ShortWindow);
        writer.Write(options.HistoricWindow);
        writer.Write(options.MinimumHistory);
        writer.Write(options.MinimumMean);
        writer.Write(options.MinimumDeviation);
        writer.Write(options.Decades);
    }

    internal static LikelihoodOptions Read(BinaryReader reader)
    {
        var options = new LikelihoodOptions
        {
            ShortWindow = reader.ReadInt32(),
            HistoricWindow = reader.ReadInt32(),
            MinimumHistory = reader.ReadInt32(),
            MinimumMean = reader.ReadDouble(),
            MinimumDeviation = reader.ReadDouble(),
            Decades = reader.ReadDouble(),
        };
        options.Validate();
        return options == Default ? Default : options;
    }

    private static void RequireNonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and >= 0.");
        }
    }
}
