namespace Juno.Intelligence;

/// <summary>
/// A neural forecaster in the N-BEATS manner: one MLP reads a lookback window of log(1 + value), centred on the window's
/// mean, plus the time of day and day of week of the first target step, and outputs the whole horizon at once (each
/// output the log-ratio of that step to the window's mean). Trained in C# with <see cref="MlpTrainer"/>; the network is
/// a plain <see cref="Mlp"/>, so it exports to ONNX like the Q-network.
/// </summary>
/// <remarks>
/// Why centre on the window: it makes the network level-free, so one network serves series of any scale (a pod's CPU,
/// a service's request rate) and the same shape learned at one level applies at another.
/// </remarks>
public sealed class WindowForecaster
{
    private const int TimeFeatures = 4;

    private WindowForecaster(Mlp network, WindowForecasterOptions options)
    {
        Network = network;
        Options = options;
    }

    public Mlp Network { get; }

    public WindowForecasterOptions Options { get; }

    /// <summary>The mean squared error (log space) of the last training batches, for the record.</summary>
    public double FinalTrainingLoss { get; private init; }

    /// <summary>
    /// Trains on every full window (lookback + horizon, no missing steps) of the given series, sampled at random.
    /// </summary>
    public static WindowForecaster Train(IReadOnlyList<TrainingSeries> series, WindowForecasterOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        int lookback = options.LookbackSteps, horizon = options.HorizonSteps;
        var windows = new List<(TrainingSeries Series, int Origin)>();
        foreach (TrainingSeries one in series)
        {
            for (int origin = lookback; origin + horizon <= one.Values.Length; origin++)
            {
                if (HasNaN(one.Values, origin - lookback, lookback + horizon))
                {
                    continue;
                }

                windows.Add((one, origin));
            }
        }

        if (windows.Count < options.BatchSize)
        {
            throw new ArgumentException($"Only {windows.Count} complete windows to train on; need at least {options.BatchSize}.", nameof(series));
        }

        int inputs = lookback + TimeFeatures;
        int[] sizes = [inputs, .. Enumerable.Repeat(options.HiddenWidth, options.HiddenLayers), horizon];
        var network = new Mlp(options.Seed, sizes);
        var trainer = new MlpTrainer(network, options.BatchSize);
        var rng = new Random(options.Seed);
        var batchInputs = new float[options.BatchSize * inputs];
        var batchTargets = new float[options.BatchSize * horizon];
        double recentLoss = 0;
        for (int step = 0; step < options.TrainingSteps; step++)
        {
            for (int row = 0; row < options.BatchSize; row++)
            {
                (TrainingSeries one, int origin) = windows[rng.Next(windows.Count)];
                double centre = Encode(one.Values.AsSpan(origin - lookback, lookback), one.TimestampOf(origin), batchInputs.AsSpan(row * inputs, inputs));
                for (int h = 0; h < horizon; h++)
                {
                    batchTargets[(row * horizon) + h] = (float)(Math.Log(1 + Math.Max(0, one.Values[origin + h])) - centre);
                }
            }

            // Step decay: the last quarter of training at a tenth of the rate settles the weights.
            float rate = step < options.TrainingSteps * 3 / 4 ? options.LearningRate : options.LearningRate / 10;
            double loss = trainer.TrainStep(batchInputs, batchTargets, rate);
            recentLoss = step == 0 ? loss : (0.98 * recentLoss) + (0.02 * loss);
        }

        return new WindowForecaster(network, options) { FinalTrainingLoss = recentLoss };
    }

    /// <summary>Forecasts the <see cref="WindowForecasterOptions.HorizonSteps"/> steps after the window, in the series' units.</summary>
    /// <param name="window">The last <see cref="WindowForecasterOptions.LookbackSteps"/> values, oldest first, no NaN.</param>
    /// <param name="firstTargetMs">Start of the first forecast step.</param>
    public void Predict(ReadOnlySpan<double> window, long firstTargetMs, Span<double> forecast)
    {
        if (window.Length != Options.LookbackSteps || forecast.Length < Options.HorizonSteps)
        {
            throw new ArgumentException($"Needs a window of {Options.LookbackSteps} values and room for {Options.HorizonSteps}.");
        }

        Span<float> input = stackalloc float[Options.LookbackSteps + TimeFeatures];
        Span<float> output = stackalloc float[Options.HorizonSteps];
        double centre = Encode(window, firstTargetMs, input);
        Network.Forward(input, output);
        for (int h = 0; h < Options.HorizonSteps; h++)
        {
            forecast[h] = Math.Exp(output[h] + centre) - 1;
        }
    }

    // Writes the centred log window and the target's time features; returns the centre (the window's mean log).
    private static double Encode(ReadOnlySpan<double> window, long firstTargetMs, Span<float> input)
    {
        double sum = 0;
        for (int i = 0; i < window.Length; i++)
        {
            sum += Math.Log(1 + Math.Max(0, window[i]));
        }

        double centre = sum / window.Length;
        for (int i = 0; i < window.Length; i++)
        {
            input[i] = (float)(Math.Log(1 + Math.Max(0, window[i])) - centre);
        }

        double day = (double)(firstTargetMs % 86_400_000L) / 86_400_000L;
        double week = (double)((firstTargetMs / 86_400_000L) + 3) % 7 / 7;  // 1970-01-01 was a Thursday: Monday = 0
        input[window.Length] = (float)Math.Sin(2 * Math.PI * day);
        input[window.Length + 1] = (float)Math.Cos(2 * Math.PI * day);
        input[window.Length + 2] = (float)Math.Sin(2 * Math.PI * week);
        input[window.Length + 3] = (float)Math.Cos(2 * Math.PI * week);
        return centre;
    }

    private static bool HasNaN(double[] values, int start, int length)
    {
        foreach (double value in values.AsSpan(start, length))
        {
            if (double.IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A regular series to train a <see cref="WindowForecaster"/> on (NaN marks a step without data).</summary>
public sealed record TrainingSeries(double[] Values, long StartMs, TimeSpan Step)
{
    public long TimestampOf(int index) => StartMs + (index * (long)Step.TotalMilliseconds);
}

/// <summary>Shape and training of a <see cref="WindowForecaster"/>.</summary>
/// <remarks>
/// Chosen on nyc_taxi with the network trained on its first 2,805 half-hours only (benchmarks/Juno.Forecast.Runner),
/// MAPE at 30 min / 1 h / 2.5 h / 24 h: a day of lookback, 2x128, 3,000 steps: 6.78 / 8.25 / 9.86 / 13.27%; a week of
/// lookback, 2x256, 2,000 steps: 9.65 / 10.99 / 12.31 / 13.14%; 2x64 or 2x32 with a week: 11-16%; two days, 2x64:
/// 10.06 / 10.45 / 11.80 / 16.25%. Two months of one series is little for 50k-165k parameters.
/// </remarks>
public sealed record WindowForecasterOptions
{
    public int LookbackSteps { get; init; } = 48;

    public int HorizonSteps { get; init; } = 48;

    public int HiddenWidth { get; init; } = 128;

    public int HiddenLayers { get; init; } = 2;

    public int TrainingSteps { get; init; } = 3000;

    public int BatchSize { get; init; } = 64;

    public float LearningRate { get; init; } = 1e-3f;

    public int Seed { get; init; } = 7;
}
