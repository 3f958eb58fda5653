using System.Diagnostics;
using Juno.Contracts.Grains;
using Juno.Contracts.Policies;
using Juno.Intelligence;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Juno.Grains.Policies;

/// <summary>Trains and evaluates replica policies on the thread pool, so a half-minute of training neither blocks a
/// grain scheduler nor runs into the call timeout: training reports back to the registry when done.</summary>
[StatelessWorker]
internal sealed class PolicyLabGrain(ILogger<PolicyLabGrain> logger) : Grain, IPolicyLabGrain
{
    public async Task Train(string version, PolicyTrainingRequest request)
    {
        var registry = GrainFactory.GetGrain<IScalingPolicyGrain>(IScalingPolicyGrain.RegistryKey);
        var started = Stopwatch.GetTimestamp();
        var names = request.Traces.Select(t => t.Name).ToArray();
        PolicyTrainingSummary summary;
        byte[] network;
        try
        {
            (network, var transitions, var parameters) = await Task.Run(() => TrainNetwork(request));
            summary = new PolicyTrainingSummary(names, request.TrainShare, request.Epochs, request.Seed, transitions,
                Stopwatch.GetElapsedTime(started).TotalSeconds, parameters, request.Actor, DateTimeOffset.UtcNow, null);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            logger.LogError(ex, "Training {Version} failed", version);
            network = [];
            summary = new PolicyTrainingSummary(names, request.TrainShare, request.Epochs, request.Seed, 0,
                Stopwatch.GetElapsedTime(started).TotalSeconds, 0, request.Actor, DateTimeOffset.UtcNow, ex.Message);
        }

        await registry.CompleteTraining(version, network, summary);
    }

    public Task<PolicyEvaluationRow[]> Evaluate(PolicyEvaluationRequest request, Dictionary<string, byte[]> networks) =>
        Task.Run(() => EvaluateAll(request, networks));

    private static (byte[] Network, long Transitions, int Parameters) TrainNetwork(PolicyTrainingRequest request)
    {
        var workload = ScalingSimulationOptions.Default;
        var traces = request.Traces.Select(series =>
        {
            var trace = PolicyTraces.From(series, request.PeakRequestRate, request.TrainShare);
            return (trace, Math.Max(2, (int)(trace.Minutes * request.TrainShare)));
        }).ToList();
        // Exploration decays over the first half of the run, whatever its length: the defaults suit the 376k-minute
        // benchmark run, and a short posted run would otherwise end while still acting mostly at random.
        var minutes = traces.Sum(t => (long)t.Item2) * request.Epochs;
        var options = DqnScalerOptions.Default with
        {
            Seed = request.Seed,
            ExplorationDecay = (int)Math.Clamp(minutes / 2, 1_000, DqnScalerOptions.Default.ExplorationDecay),
            WarmupTransitions = (int)Math.Clamp(minutes / 10, 500, DqnScalerOptions.Default.WarmupTransitions),
        };
        var scaler = new DqnScaler(workload, options);
        scaler.Train(traces, request.Epochs);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            scaler.Network.WriteTo(writer);
        }

        return (buffer.ToArray(), scaler.TransitionsSeen, scaler.Network.ParameterCount);
    }

    private static PolicyEvaluationRow[] EvaluateAll(PolicyEvaluationRequest request, Dictionary<string, byte[]> networks)
    {
        var workload = ScalingSimulationOptions.Default;
        var rows = new List<PolicyEvaluationRow>();
        foreach (var series in request.Traces)
        {
            var trace = PolicyTraces.From(series, request.PeakRequestRate, request.ScoreFrom > 0 ? request.ScoreFrom : 1);
            var scoreFrom = (int)(trace.Minutes * request.ScoreFrom);
            // Every policy starts where fixed provisioning would: the warm-up's peak at the HPA's target (as the runner does).
            var warmupPeak = trace.RequestRates.AsSpan(0, Math.Max(1, scoreFrom)).ToArray().Max();
            var initial = FixedPolicy.ForPeak(warmupPeak, workload, HpaOptions.Default.TargetUtilisation).Replicas;
            var policies = new List<IScalingPolicy> { new HpaPolicy(), new ForecastPolicy(workload) };
            foreach (var version in request.Versions.Distinct(StringComparer.Ordinal))
            {
                using var reader = new BinaryReader(new MemoryStream(networks[version]));
                policies.Add(DqnScaler.Policy(Mlp.ReadFrom(reader), workload, version));
            }

            double? hpaCost = null;
            foreach (var policy in policies)
            {
                var outcome = ScalingSimulator.Run(trace, policy, workload, scoreFrom, initial);
                hpaCost ??= outcome.Cost;
                rows.Add(new PolicyEvaluationRow(
                    trace.Name, policy.Name, outcome.Minutes / 1440.0, outcome.Cost, hpaCost > 0 ? (outcome.Cost / hpaCost.Value) - 1 : 0,
                    outcome.ViolationMinutes, outcome.ScalingActions, outcome.MeanReplicas, outcome.FailedRequestShare));
            }
        }

        return [.. rows];
    }
}
