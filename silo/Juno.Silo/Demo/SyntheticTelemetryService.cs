using Juno.Actuation.Simulation;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Telemetry;
using Juno.Contracts.Threats;
using Microsoft.Extensions.Options;

namespace Juno.Silo.Demo;

/// <summary>Feeds the demo: creates the simulated estate, backfills its history, then samples every
/// workload and node on the simulated clock and sends one grain call per entity per batch, exactly as
/// an external collector would through the HTTP facade.</summary>
internal sealed class SyntheticTelemetryService(
    SimulatedCluster cluster,
    AcceleratedClock clock,
    IGrainFactory grains,
    IOptions<DemoOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SyntheticTelemetryService> logger) : BackgroundService
{
    private readonly DemoOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosted services start in order and the silo is one of them: wait until every one has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        var keys = CreateEstate();
        var liveStart = clock.Origin;
        var next = liveStart - _options.Backfill;

        logger.LogInformation("Demo: backfilling {Hours} h of history for {Workloads} workloads and {Nodes} nodes",
            _options.Backfill.TotalHours, keys.Length, DemoEstate.Nodes.Length);
        next = await EmitUntilAsync(keys, next, liveStart, stoppingToken);

        foreach (var (ns, name, incident) in DemoEstate.Incidents(liveStart))
        {
            cluster.Inject(ns, name, incident);
        }

        logger.LogInformation("Demo: live at {Speed}x. Watch the log, GET /api/v4/operations/status, /api/v4/governance/pending, /api/v4/threats/alerts, /api/v4/healing/status and the dashboard at /dashboard", _options.Speed);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                next = await EmitUntilAsync(keys, next, clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Demo: sending telemetry failed; retrying next second");
            }
        }
    }

    private string[] CreateEstate()
    {
        var keys = new string[DemoEstate.Workloads.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var workload = DemoEstate.Workloads[i];
            cluster.AddDeployment(workload.Namespace, workload.Name, workload.Profile, workload.Replicas);
            keys[i] = DemoEstate.WorkloadKey(cluster.ClusterName, workload);
        }

        foreach (var node in DemoEstate.Nodes)
        {
            cluster.AddNode(node);
        }

        return keys;
    }

    /// <summary>Sends every sample time in [from, until) in batches of at most an hour, one grain call per
    /// entity per batch. Returns the first time not yet sent.</summary>
    private async Task<DateTimeOffset> EmitUntilAsync(string[] keys, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var step = _options.SampleInterval;
        while (from < until && !ct.IsCancellationRequested)
        {
            var batchEnd = Min(until, from + TimeSpan.FromHours(1));
            var times = new List<DateTimeOffset>();
            for (var t = from; t < batchEnd; t += step)
            {
                times.Add(t);
            }

            // Behaviour is sampled on its own grid; its window must end where the next batch starts, or samples fall between.
            var nextFrom = times.Count > 0 ? times[^1] + step : batchEnd;
            var behaviourTimes = BehaviourTimes(from, nextFrom);
            var calls = new List<Task>(keys.Length + DemoEstate.Nodes.Length);
            for (var i = 0; i < keys.Length; i++)
            {
                var workload = DemoEstate.Workloads[i];
                var samples = new MetricSample[times.Count * MetricKinds.Count];
                var n = 0;
                foreach (var t in times)
                {
                    var telemetry = cluster.Observe(workload.Namespace, workload.Name, t);
                    var ms = t.ToUnixTimeMilliseconds();
                    samples[n++] = new MetricSample(MetricKind.Cpu, ms, telemetry.Cpu);
                    samples[n++] = new MetricSample(MetricKind.Memory, ms, telemetry.Memory);
                    samples[n++] = new MetricSample(MetricKind.LatencyP95, ms, telemetry.LatencyP95Ms);
                    samples[n++] = new MetricSample(MetricKind.ErrorRate, ms, telemetry.ErrorRate);
                    samples[n++] = new MetricSample(MetricKind.RequestRate, ms, telemetry.RequestRate);
                }

                calls.Add(grains.GetGrain<IWorkloadGrain>(keys[i]).Ingest(new SampleBatch(samples)));
                if (behaviourTimes.Count > 0)
                {
                    var behaviour = behaviourTimes.Select(t => cluster.ObserveBehaviour(workload.Namespace, workload.Name, t, _options.BehaviourInterval)).ToArray();
                    calls.Add(grains.GetGrain<IWorkloadGrain>(keys[i]).AnalyzeBehaviour(new BehaviourBatch(behaviour)));
                }
            }

            foreach (var node in DemoEstate.Nodes)
            {
                var samples = new MetricSample[times.Count * 2];
                var n = 0;
                foreach (var t in times)
                {
                    var telemetry = cluster.ObserveNode(node, t);
                    var ms = t.ToUnixTimeMilliseconds();
                    samples[n++] = new MetricSample(MetricKind.Cpu, ms, telemetry.Cpu);
                    samples[n++] = new MetricSample(MetricKind.Memory, ms, telemetry.Memory);
                }

                calls.Add(grains.GetGrain<INodeGrain>(EntityKeys.Node(cluster.ClusterName, node)).Ingest(new SampleBatch(samples)));
            }

            await Task.WhenAll(calls);
            from = nextFrom;
        }

        return from;
    }

    /// <summary>The behaviour sample times in [from, until): whole multiples of the behaviour interval, so every
    /// batch boundary gives the same samples.</summary>
    private List<DateTimeOffset> BehaviourTimes(DateTimeOffset from, DateTimeOffset until)
    {
        var ticks = _options.BehaviourInterval.Ticks;
        var first = new DateTimeOffset((from.UtcTicks + ticks - 1) / ticks * ticks, TimeSpan.Zero);
        var times = new List<DateTimeOffset>();
        for (var t = first; t < until; t += _options.BehaviourInterval)
        {
            times.Add(t);
        }

        return times;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
