using System.Diagnostics;
using Juno.Actuation;
using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Storage;
using Juno.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Juno.Benchmarks;

/// <summary>
/// Decision latency: from a proposal reaching governance to the actuator being called, and the whole round trip
/// (the outcome recorded and returned), one proposal at a time, with memory records (the embedded default) and with
/// PostgreSQL (a throwaway server: grain storage, records, the audit chain). Every proposal is a scale governance
/// approves on its own, so each one takes the full path: risk, policy, claim, audit, call, outcome, record.
/// </summary>
internal static class DecisionLatencyHarness
{
    private const string Cluster = "bench";
    private const int Deployments = 64;

    public static async Task RunAsync(int proposals)
    {
        var rows = new List<string> { await MeasureAsync("memory", null, proposals) };
        await using (var server = await PostgresServer.StartAsync())
        {
            var database = await server.CreateDatabaseAsync();
            await JunoMigrator.ApplyAsync(database, NullLogger.Instance, CancellationToken.None);
            rows.Add(await MeasureAsync("PostgreSQL 15 (local)", database, proposals));
        }

        Console.WriteLine();
        Console.WriteLine("| records and grain state | proposals | proposal -> actuator call p50 (ms) | p99 (ms) | max (ms) | round trip p50 (ms) | p99 (ms) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.ForEach(Console.WriteLine);
    }

    private static async Task<string> MeasureAsync(string store, string? database, int proposals)
    {
        var simulated = new SimulatedCluster(Cluster, TimeProvider.System);
        var actuator = new TimingActuator(simulated);
        await using var silo = await BenchmarkSilo.StartAsync(database, services =>
        {
            services.AddSingleton(simulated);
            services.AddSingleton<IClusterActuator>(actuator);
        });
        for (var i = 0; i < Deployments; i++)
        {
            simulated.AddDeployment($"ns-{i % 8}", $"web-{i}", new SimulatedWorkloadProfile { BaseRequestRate = 100, PodCapacity = 50 }, replicas: 4);
        }

        var governance = silo.Grains.GetGrain<IGovernanceGrain>(Cluster);
        await silo.Grains.GetGrain<ITenantGrain>("bench").SetPolicy(new TenantPolicy(0.9, 1, 100));
        // Limits far above the load, so every proposal runs and none is refused by a window.
        await governance.SetPolicy(new PolicyChange(null, GovernancePolicy.Default with
        {
            RateLimits = new RateLimits(10_000, 10_000, 10_000),
            MaxNamespaceActionsPerHour = 10_000,
        }, "bench", "latency benchmark"));

        await RunAsync(governance, actuator, proposals / 10, null, null);
        var toCall = new List<double>(proposals);
        var roundTrip = new List<double>(proposals);
        await RunAsync(governance, actuator, proposals, toCall, roundTrip);
        toCall.Sort();
        roundTrip.Sort();
        return $"| {store} | {proposals:N0} | {Percentile(toCall, 0.5):F2} | {Percentile(toCall, 0.99):F2} | {toCall[^1]:F2} | {Percentile(roundTrip, 0.5):F2} | {Percentile(roundTrip, 0.99):F2} |";
    }

    private static async Task RunAsync(IGovernanceGrain governance, TimingActuator actuator, int count, List<double>? toCall, List<double>? roundTrip)
    {
        for (var i = 0; i < count; i++)
        {
            var deployment = i % Deployments;
            var up = i / Deployments % 2 == 0;
            var proposal = new ProposedAction(
                Guid.NewGuid(), "bench", Cluster, EntityKind.Workload, $"ns-{deployment % 8}", $"web-{deployment}",
                up ? ActionKind.ScaleOut : ActionKind.ScaleIn, up ? 4 : 5, up ? 5 : 4, 0.95,
                new ActionEvidence(0.9, "cpu", 0.9, 0, 0, [], "latency benchmark"), DateTimeOffset.UtcNow);
            var started = Stopwatch.GetTimestamp();
            var decision = await governance.Submit(proposal);
            var ended = Stopwatch.GetTimestamp();
            if (decision.Outcome is not { Succeeded: true })
            {
                throw new InvalidOperationException($"proposal {i} did not run: {decision.Verdict} {decision.Reason} {decision.Outcome?.Detail}");
            }

            toCall?.Add(Stopwatch.GetElapsedTime(started, actuator.LastCalledAt).TotalMilliseconds);
            roundTrip?.Add(Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The simulated cluster, noting when each call arrives.</summary>
    private sealed class TimingActuator(SimulatedCluster inner) : IClusterActuator
    {
        public long LastCalledAt { get; private set; }

        public string Name => inner.Name;

        public Task<ActuationResult> ExecuteAsync(ActuationCommand command, CancellationToken ct = default)
        {
            LastCalledAt = Stopwatch.GetTimestamp();
            return inner.ExecuteAsync(command, ct);
        }

        public Task<AppliedState> FindAppliedAsync(ActuationCommand command, CancellationToken ct = default) => inner.FindAppliedAsync(command, ct);

        public Task<WorkloadObservation?> ObserveWorkloadAsync(string @namespace, string name, CancellationToken ct = default) =>
            inner.ObserveWorkloadAsync(@namespace, name, ct);
    }
}
