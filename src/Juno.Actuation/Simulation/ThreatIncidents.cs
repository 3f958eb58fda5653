namespace Juno.Actuation.Simulation;

/// <summary>An attacker copies data out: egress grows by <paramref name="BytesPerMinute"/> to one or two new
/// destinations, while the workload's own traffic carries on as usual.</summary>
public sealed record DataExfiltration(DateTimeOffset Start, TimeSpan Duration, double BytesPerMinute) : SimulatedIncident(Start, Duration)
{
    internal override void Validate()
    {
        base.Validate();
        if (BytesPerMinute <= 0)
        {
            throw new ArgumentException("DataExfiltration.BytesPerMinute must be positive.", nameof(BytesPerMinute));
        }
    }
}

/// <summary>Someone tries stolen passwords against the workload: <paramref name="FailuresPerMinute"/> failed logins
/// from a fan-out of sources.</summary>
public sealed record CredentialStuffing(DateTimeOffset Start, TimeSpan Duration, double FailuresPerMinute) : SimulatedIncident(Start, Duration)
{
    internal override void Validate()
    {
        base.Validate();
        if (FailuresPerMinute <= 0)
        {
            throw new ArgumentException("CredentialStuffing.FailuresPerMinute must be positive.", nameof(FailuresPerMinute));
        }
    }
}

/// <summary>A miner runs in the workload's pods: CPU rises by <paramref name="CpuShare"/> of the request while the
/// network shows one steady connection to a pool.</summary>
public sealed record CryptoMiner(DateTimeOffset Start, TimeSpan Duration, double CpuShare) : SimulatedIncident(Start, Duration)
{
    internal override void Validate()
    {
        base.Validate();
        if (CpuShare is <= 0 or > 1)
        {
            throw new ArgumentException("CryptoMiner.CpuShare must be in (0, 1].", nameof(CpuShare));
        }
    }
}
