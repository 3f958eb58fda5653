using Juno.Actuation.Simulation;
using Juno.Contracts.Telemetry;

namespace Juno.Integration.Tests.Infrastructure;

/// <summary>What a metrics pipeline would send for a simulated deployment: its five metrics once a minute.</summary>
internal static class SimulatedTelemetry
{
    public static SampleBatch Minutes(SimulatedCluster cluster, string @namespace, string name, DateTimeOffset from, DateTimeOffset until)
    {
        var samples = new List<MetricSample>();
        for (var t = from; t < until; t += TimeSpan.FromMinutes(1))
        {
            var telemetry = cluster.Observe(@namespace, name, t);
            var ms = t.ToUnixTimeMilliseconds();
            samples.Add(new MetricSample(MetricKind.Cpu, ms, telemetry.Cpu));
            samples.Add(new MetricSample(MetricKind.Memory, ms, telemetry.Memory));
            samples.Add(new MetricSample(MetricKind.LatencyP95, ms, telemetry.LatencyP95Ms));
            samples.Add(new MetricSample(MetricKind.ErrorRate, ms, telemetry.ErrorRate));
            samples.Add(new MetricSample(MetricKind.RequestRate, ms, telemetry.RequestRate));
        }

        return new SampleBatch([.. samples]);
    }
}
