using System.Diagnostics;
using System.Globalization;
using Juno.Evaluation;
using Juno.Evaluation.Nab;
using Juno.Intelligence;

// Usage: Juno.Scaling.Runner [--data <shared/data folder>]
// Each trace is a real series rescaled to requests per second (the 99th percentile of its first 60% is 2,000 req/s) and played minute by
// minute; the first 60% is every policy's warm-up (and what fixed provisioning is sized from), the last 40% is scored.
if (SharedDataArguments.Resolve(args) is not { } dataRoot)
{
    Console.Error.WriteLine("Usage: Juno.Scaling.Runner [--data <shared/data folder>]");
    return 2;
}
const double TrainShare = 0.6;
const double PeakRequestRate = 2000;
var workload = ScalingSimulationOptions.Default;

var sources = new List<(string Name, string Path)> { ("nyc_taxi", Path.Combine(dataRoot, "forecast", "nyc_taxi.csv")) };
foreach (string tweets in (string[])["Twitter_volume_AAPL", "Twitter_volume_GOOG", "Twitter_volume_AMZN", "Twitter_volume_FB"])
{
    sources.Add((tweets, Path.Combine(dataRoot, "nab", "data", "realTweets", tweets + ".csv")));
}

var invariant = CultureInfo.InvariantCulture;

// The DQN learns from every trace's warm-up part, pooled, once; it is then scored greedily on the parts it never saw.
var traces = new List<DemandTrace>();
foreach ((string name, string path) in sources)
{
    (long[] times, double[] values) = SeriesCsv.Read(path);
    traces.Add(DemandTrace.FromSeries(name, times, values, PeakRequestRate, TrainShare));
}

var dqnOptions = DqnScalerOptions.Default;
var dqn = new DqnScaler(workload, dqnOptions);
long trainingStarted = Stopwatch.GetTimestamp();
dqn.Train([.. traces.Select(t => (t, (int)(t.Minutes * TrainShare)))], epochs: 1);
TimeSpan trainingTime = Stopwatch.GetElapsedTime(trainingStarted);

Console.WriteLine("# Autoscaling policies on real demand traces");
Console.WriteLine();
Console.WriteLine(string.Create(invariant,
    $"Workload: {workload.PodCapacity:F0} req/s per pod, {workload.StartupDelay.TotalMinutes:F0} min startup, p95 {workload.BaseLatencyMs:F0} ms idle / objective {workload.LatencySloMs:F0} ms, errors <= {workload.ErrorRateSlo:P0}, {workload.PodHourCost:F2} per pod-hour."));
Console.WriteLine();
var matched = new List<string>();
Console.WriteLine("| trace | policy | scored days | cost | vs HPA | violation minutes | scaling actions | mean pods | failed requests | µs/minute |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (DemandTrace trace in traces)
{
    string name = trace.Name;
    int scoreFrom = (int)(trace.Minutes * TrainShare);
    double trainPeak = trace.RequestRates.AsSpan(0, scoreFrom).ToArray().Max();
    FixedPolicy fixedPolicy = FixedPolicy.ForPeak(trainPeak, workload, HpaOptions.Default.TargetUtilisation);
    IScalingPolicy[] policies = [fixedPolicy, new HpaPolicy(), new ForecastPolicy(workload), dqn.Policy(), new OraclePolicy(trace, workload)];
    double? hpaCost = null;
    ScalingOutcome? hpa = null, oracle = null, dqnOutcome = null;
    foreach (IScalingPolicy policy in policies)
    {
        long started = Stopwatch.GetTimestamp();
        ScalingOutcome outcome = ScalingSimulator.Run(trace, policy, workload, scoreFrom, fixedPolicy.Replicas);
        hpa ??= policy is HpaPolicy ? outcome : null;
        oracle = policy is OraclePolicy ? outcome : oracle;
        dqnOutcome = policy.Name == "DQN" ? outcome : dqnOutcome;
        double microseconds = Stopwatch.GetElapsedTime(started).TotalMicroseconds / trace.Minutes;
        hpaCost ??= policy is HpaPolicy ? outcome.Cost : null;
        string relative = hpaCost is { } h && policy is not FixedPolicy ? (outcome.Cost / h - 1).ToString("+0.0%;-0.0%;0.0%", invariant) : "";
        Console.WriteLine(string.Create(invariant,
            $"| {name} | {policy.Name} | {outcome.Minutes / 1440.0:F1} | {outcome.Cost:F2} | {relative} | {outcome.ViolationMinutes:N0} | {outcome.ScalingActions:N0} | {outcome.MeanReplicas:F2} | {outcome.FailedRequestShare:P3} | {microseconds:F2} |"));
    }

    // The same cost buys how many violation minutes? Each baseline's utilisation target is moved until it costs what the DQN costs.
    var (forecastTarget, forecastMatched) = MatchCost(u => new ForecastPolicy(workload, ForecastPolicyOptions.Default with { TargetUtilisation = u }), dqnOutcome!.Cost);
    var (hpaTarget, hpaMatched) = MatchCost(u => new HpaPolicy(HpaOptions.Default with { TargetUtilisation = u }), dqnOutcome.Cost);
    double headroom = (hpa!.Cost - dqnOutcome.Cost) / (hpa.Cost - oracle!.Cost);
    matched.Add(string.Create(invariant,
        $"| {name} | {dqnOutcome.Cost:F2} / {dqnOutcome.ViolationMinutes:N0} | {forecastTarget:P0}: {forecastMatched.Cost:F2} / {forecastMatched.ViolationMinutes:N0} | {hpaTarget:P0}: {hpaMatched.Cost:F2} / {hpaMatched.ViolationMinutes:N0} | {headroom:P0} |"));

    (double Target, ScalingOutcome Outcome) MatchCost(Func<double, IScalingPolicy> policyAt, double cost)
    {
        // Cost falls as the target utilisation rises; bisect on it between 30% and 99%.
        double low = 0.30, high = 0.99;
        ScalingOutcome Run(double u) => ScalingSimulator.Run(trace, policyAt(u), workload, scoreFrom, fixedPolicy.Replicas);
        for (int i = 0; i < 14; i++)
        {
            double middle = (low + high) / 2;
            if (Run(middle).Cost > cost)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        double best = Math.Abs(Run(low).Cost - cost) <= Math.Abs(Run(high).Cost - cost) ? low : high;
        return (best, Run(best));
    }
}

Console.WriteLine();
Console.WriteLine("## At the DQN's cost");
Console.WriteLine();
Console.WriteLine("Each baseline's utilisation target moved (bisection, 30-99%) until its cost is closest to the DQN's on the same scored part; headroom captured = (HPA cost - DQN cost) / (HPA cost - oracle cost).");
Console.WriteLine();
Console.WriteLine("| trace | DQN cost / violation minutes | forecast-driven at that cost: target: cost / violation minutes | HPA at that cost: target: cost / violation minutes | oracle headroom captured |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (string row in matched)
{
    Console.WriteLine(row);
}

Console.WriteLine();
Console.WriteLine(string.Create(invariant, $"DQN: {dqn.TransitionsSeen:N0} transitions from the warm-up parts of all traces, pooled, in {trainingTime.TotalSeconds:F0} s ({dqn.Network.ParameterCount:N0} parameters)."));
Console.WriteLine("Fixed provisioning is sized for the warm-up part's peak at 70% utilisation (at most the workload's 200 pods). \"vs HPA\" is the cost difference against the HPA row of the same trace.");
return 0;
