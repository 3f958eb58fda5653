using Juno.Actuation.Simulation;
using Juno.Contracts.Keys;

namespace Juno.Silo.Demo;

/// <summary>The demo's tenants, workloads, nodes and the incidents injected into them.</summary>
internal static class DemoEstate
{
    public static readonly (string Tenant, string Namespace, string Name, SimulatedWorkloadProfile Profile, int Replicas)[] Workloads =
    [
        ("acme", "shop", "checkout", new SimulatedWorkloadProfile { BaseRequestRate = 180, PodCapacity = 90 }, 4),
        ("acme", "shop", "catalog", new SimulatedWorkloadProfile { BaseRequestRate = 300, PodCapacity = 150 }, 4),
        ("acme", "shop", "payments", new SimulatedWorkloadProfile { BaseRequestRate = 60, PodCapacity = 40 }, 3),
        ("globex", "media", "api", new SimulatedWorkloadProfile { BaseRequestRate = 120, PodCapacity = 60 }, 4),
        ("globex", "media", "transcoder", new SimulatedWorkloadProfile { BaseRequestRate = 20, PodCapacity = 8 }, 5),
    ];

    public static readonly string[] Nodes = ["node-a", "node-b", "node-c"];

    /// <summary>Incidents relative to the start of live time (simulated): each shows a different path
    /// through governance — a surge scales out automatically, a leak asks a person to approve a restart, data
    /// leaving the transcoder raises a high threat alert whose isolation waits for a person, credential stuffing on
    /// checkout raises an intrusion alert.</summary>
    public static IEnumerable<(string Namespace, string Name, SimulatedIncident Incident)> Incidents(DateTimeOffset liveStart) =>
    [
        ("shop", "checkout", new TrafficSurge(liveStart + TimeSpan.FromMinutes(15), TimeSpan.FromHours(2), Factor: 2.5)),
        ("shop", "payments", new MemoryLeak(liveStart + TimeSpan.FromMinutes(20), TimeSpan.FromHours(6), RatePerMinute: 0.01)),
        ("media", "api", new ErrorBurst(liveStart + TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(30), Rate: 0.2)),
        ("media", "api", new LatencySpike(liveStart + TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(20), Milliseconds: 600)),
        ("media", "transcoder", new DataExfiltration(liveStart + TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(45), BytesPerMinute: 2e8)),
        ("shop", "checkout", new CredentialStuffing(liveStart + TimeSpan.FromMinutes(150), TimeSpan.FromMinutes(30), FailuresPerMinute: 300)),
    ];

    public static string WorkloadKey(string cluster, (string Tenant, string Namespace, string Name, SimulatedWorkloadProfile, int) workload) =>
        EntityKeys.Workload(workload.Tenant, cluster, workload.Namespace, workload.Name);
}
