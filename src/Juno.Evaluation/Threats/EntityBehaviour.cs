using Juno.Intelligence;

namespace Juno.Evaluation.Threats;

/// <summary>
/// One entity's normal habits, drawn once from its own seeded <see cref="Random"/>: how big it is, its daily rhythm,
/// whether it faces the internet, runs backups or gets deployed to. See <see cref="AttackSetGenerator"/> for the model.
/// </summary>
internal sealed class EntityBehaviour
{
    private readonly Random _random;
    private readonly int _samplesPerDay;
    private readonly double _size;
    private readonly double _peakHour;
    private readonly double _amplitude;
    private readonly double _connectionsPerSample;
    private readonly double _destinations;
    private readonly double _egressBytesPerSample;
    private readonly double _dnsPerConnection;
    private readonly double _authFailures;
    private readonly double _privilegedStarts;
    private readonly double _cpuIdle;
    private readonly double _cpuSpan;
    private double _drift;

    public EntityBehaviour(Random random, bool isNode, int samplesPerDay)
    {
        _random = random;
        _samplesPerDay = samplesPerDay;
        IsNode = isNode;
        _size = Draw.LogNormal(random, 1.0);
        _peakHour = 14 + (2 * Draw.Gaussian(random));
        _amplitude = Draw.Uniform(random, 0.3, 0.8);
        _connectionsPerSample = (isNode ? 1500 : 300) * _size;
        _destinations = (isNode ? 20 : 5) + (15 * Math.Sqrt(_size) * Draw.Uniform(random, 0.5, 1.5));
        _egressBytesPerSample = (isNode ? 2e7 : 2e6) * _size * Draw.Uniform(random, 0.5, 2);
        _dnsPerConnection = Draw.Uniform(random, 0.2, 0.6);

        // A quarter of workloads face the internet and see a steady drizzle of failed logins from bots.
        IsExposed = !isNode && random.NextDouble() < 0.25;
        _authFailures = IsExposed ? Draw.Uniform(random, 0.5, 3) : 0.02;

        // Nodes start privileged processes all the time (kubelet exec, cron, container runtime); workloads almost never.
        _privilegedStarts = isNode ? Draw.Uniform(random, 0.1, 0.6) : 0.01;
        _cpuIdle = Draw.Uniform(random, 0.03, 0.15);
        _cpuSpan = Draw.Uniform(random, 0.15, 0.45);
        HasBackups = isNode || random.NextDouble() < 0.3;
        BackupStart = (int)(Draw.Uniform(random, 1, 4) * samplesPerDay / 24);
        BackupLength = random.Next(3, 9);
        BackupFactor = Draw.Uniform(random, 10, 40);
    }

    public bool IsNode { get; }

    /// <summary>CPU use with no load; a load surge scales only what lies above it.</summary>
    public double CpuIdle => _cpuIdle;

    public bool IsExposed { get; }

    public bool HasBackups { get; }

    public int BackupStart { get; }

    public int BackupLength { get; }

    public double BackupFactor { get; }

    /// <summary>Mean egress per sample over a day, the unit exfiltration volumes are measured in.</summary>
    public double MeanEgressBytes => _egressBytesPerSample / (1 + _amplitude);

    /// <summary>Draws sample <paramref name="sample"/>'s normal behaviour.</summary>
    public double Normal(int sample, Span<double> signals)
    {
        double hour = 24.0 * (sample % _samplesPerDay) / _samplesPerDay;
        double daily = (1 + (_amplitude * Math.Cos(2 * Math.PI * (hour - _peakHour) / 24))) / (1 + _amplitude);

        // Slow "traffic weather": an AR(1) walk in log load (stationary sd ≈ 0.2, memory ≈ 3 h at five-minute samples).
        _drift = (0.97 * _drift) + (0.05 * Draw.Gaussian(_random));
        double load = daily * Math.Exp(_drift) * Draw.LogNormal(_random, 0.1);

        double connections = Draw.Poisson(_random, _connectionsPerSample * load * Draw.LogNormal(_random, 0.08));
        signals[(int)BehaviourSignal.ConnectionsOpened] = connections;
        signals[(int)BehaviourSignal.DistinctDestinations] = Draw.Poisson(_random, _destinations * Math.Sqrt(load));
        signals[(int)BehaviourSignal.EgressBytes] = Math.Round(_egressBytesPerSample * load * Draw.LogNormal(_random, 0.35));
        signals[(int)BehaviourSignal.AuthFailures] = Draw.Poisson(_random, _authFailures * (IsExposed ? load : 1));
        signals[(int)BehaviourSignal.PrivilegedProcessStarts] = Draw.Poisson(_random, _privilegedStarts);
        signals[(int)BehaviourSignal.DnsQueries] = Draw.Poisson(_random, 3 + (_dnsPerConnection * connections));
        return Math.Clamp(_cpuIdle + (_cpuSpan * load) + (0.02 * Draw.Gaussian(_random)), 0.005, 1);
    }
}
