using System.Diagnostics;
using System.Globalization;
using Juno.Evaluation;
using Juno.Evaluation.Forecasting;
using Juno.Evaluation.Nab;
using Juno.Intelligence;

// Usage: Juno.Forecast.Runner [--data <shared/data folder>]
// Rolling origin on nyc_taxi (the last 7,515 steps, as the kNN reference) and on NAB's realTraffic and realTweets
// series (every step after the first 40% or eight days, whichever is later); every model sees one step at a time.
if (SharedDataArguments.Resolve(args) is not { } dataRoot)
{
    Console.Error.WriteLine("Usage: Juno.Forecast.Runner [--data <shared/data folder>]");
    return 2;
}
TimeSpan[] horizons = [TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(2.5), TimeSpan.FromHours(24)];

var datasets = new List<(string Name, List<(RegularSeries Series, int From)> Members)>();
(long[] taxiTimes, double[] taxiValues) = SeriesCsv.Read(Path.Combine(dataRoot, "forecast", "nyc_taxi.csv"));
RegularSeries taxi = RegularSeries.From("nyc_taxi", taxiTimes, taxiValues, TimeSpan.FromMinutes(30));
datasets.Add(("nyc_taxi (30 min)", [(taxi, taxi.Count - 7515)]));
foreach (string folder in (string[])["realTraffic", "realTweets"])
{
    var members = new List<(RegularSeries, int)>();
    foreach (string file in Directory.GetFiles(Path.Combine(dataRoot, "nab", "data", folder), "*.csv").Order(StringComparer.Ordinal))
    {
        (long[] times, double[] values) = SeriesCsv.Read(file);
        RegularSeries series = RegularSeries.From(Path.GetFileName(file), times, values, RegularSeries.TypicalStep(times));
        int from = Math.Max((int)(series.Count * 0.4), series.StepsPerWeek + series.StepsPerDay);
        if (from < series.Count - series.StepsPerDay)
        {
            members.Add((series, from));
        }
    }

    datasets.Add(($"{folder} ({members.Count} series)", members));
}

// The last row is what SeasonalForecasterOptions.Default gives; the rows above it take one part away each.
SeasonalForecasterOptions full = SeasonalForecasterOptions.Default;
var models = new (string Name, Func<RegularSeries, IForecastModel> Create)[]
{
    ("seasonal naive (one week)", s => new SeasonalNaive(s.StepsPerWeek)),
    ("Holt-Winters, daily season (the grains' forecaster before)", s => StreamingModels.HoltWinters("hw", HoltWintersOptions.Default with { Step = s.Step, SeasonLength = s.StepsPerDay })),
    ("seasonal, without the residual term", s => StreamingModels.Seasonal("no-residual", full with { Step = s.Step, MaxResidualPersistence = 0 })),
    ("seasonal, additive (no log)", s => StreamingModels.Seasonal("additive", full with { Step = s.Step, Multiplicative = false })),
    ("seasonal, daily candidate only", s => StreamingModels.Seasonal("daily", full with { Step = s.Step, Omega = 0 })),
    ("**SeasonalForecaster (default)**", s => StreamingModels.Seasonal("default", full with { Step = s.Step })),
};

// The neural forecaster is trained once, on the taxi's training steps only (before its evaluated part), in C#.
var windowOptions = new WindowForecasterOptions();
long trainingStarted = Stopwatch.GetTimestamp();
WindowForecaster neural = WindowForecaster.Train(
    [new TrainingSeries(taxi.Values[..(taxi.Count - 7515)], taxi.StartMs, taxi.Step)], windowOptions);
TimeSpan trainingTime = Stopwatch.GetElapsedTime(trainingStarted);
var taxiOnly = new (string Name, Func<RegularSeries, IForecastModel> Create)[]
{
    ("neural (window MLP, N-BEATS style)", s => new WindowModel("neural", neural, s.Step)),
    ("SeasonalForecaster or neural, chosen per horizon by recent error", s => new RecentErrorSelection(
        "selection", StreamingModels.Seasonal("default", full with { Step = s.Step }), new WindowModel("neural", neural, s.Step))),
};

var invariant = CultureInfo.InvariantCulture;
Console.WriteLine("# Forecast evaluation (rolling origin, one step at a time)");
foreach ((string name, List<(RegularSeries Series, int From)> members) in datasets)
{
    Console.WriteLine();
    Console.WriteLine($"## {name}");
    Console.WriteLine();
    Console.WriteLine("| model | horizon | steps | forecasts | MAPE | sMAPE | MASE | vs seasonal naive (MAE) | 80% covered | 95% covered | ns/step |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    double[]? naiveMae = null;
    foreach ((string modelName, Func<RegularSeries, IForecastModel> create) in name.StartsWith("nyc_taxi", StringComparison.Ordinal) ? [.. models, .. taxiOnly] : models)
    {
        var perHorizon = new List<HorizonScore>[horizons.Length];
        long started = Stopwatch.GetTimestamp();
        long steps = 0;
        foreach ((RegularSeries series, int from) in members)
        {
            int[] stepsAhead = [.. horizons.Select(h => Math.Max(1, (int)Math.Round(h / series.Step)))];
            IReadOnlyList<HorizonScore> scores = RollingOrigin.Evaluate(series, create(series), stepsAhead, from);
            for (int h = 0; h < horizons.Length; h++)
            {
                (perHorizon[h] ??= []).Add(scores[h]);
            }

            steps += series.Count;
        }

        double nsPerStep = Stopwatch.GetElapsedTime(started).TotalNanoseconds / steps;
        double[] mae = new double[horizons.Length];
        for (int h = 0; h < horizons.Length; h++)
        {
            List<HorizonScore> scores = perHorizon[h];
            int count = scores.Sum(s => s.Count);
            mae[h] = scores.Average(s => s.Mase);
            string ratio = naiveMae is null ? "1.000" : (mae[h] / naiveMae[h]).ToString("F3", invariant);
            Console.WriteLine(string.Create(invariant,
                $"| {modelName} | {Label(horizons[h])} | {scores[0].StepsAhead} | {count:N0} | {Mean(scores, s => s.Mape):P2} | {Mean(scores, s => s.Smape):P2} | {Mean(scores, s => s.Mase):F3} | {ratio} | {Mean(scores, s => s.Coverage80):P1} | {Mean(scores, s => s.Coverage95):P1} | {nsPerStep:F0} |"));
        }

        naiveMae ??= mae;
    }
}

Console.WriteLine();
Console.WriteLine(string.Create(invariant, $"Neural forecaster: {windowOptions.LookbackSteps} steps in, {windowOptions.HorizonSteps} out, {windowOptions.HiddenLayers}x{windowOptions.HiddenWidth} hidden ({neural.Network.ParameterCount:N0} parameters), {windowOptions.TrainingSteps} Adam steps of {windowOptions.BatchSize} on the taxi's training steps: {trainingTime.TotalSeconds:F1} s, final training MSE (log) {neural.FinalTrainingLoss:F4}."));
Console.WriteLine("MAPE = sum |error| / sum |actual| (the kNN reference's definition); series in a folder are averaged. \"vs seasonal naive\" is the ratio of mean MASE (below 1: better).");
return 0;

static double Mean(List<HorizonScore> scores, Func<HorizonScore, double> metric)
{
    double[] values = [.. scores.Select(metric).Where(v => !double.IsNaN(v))];
    return values.Length == 0 ? double.NaN : values.Average();
}

static string Label(TimeSpan horizon) => horizon.TotalHours >= 1 ? $"{horizon.TotalHours:0.#} h" : $"{horizon.TotalMinutes:0} min";
