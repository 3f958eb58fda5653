using Juno.Contracts.Threats;

namespace Juno.Integration.Tests.Infrastructure;

/// <summary>Behaviour samples for tests: a seeded, noisy normal (every 5 minutes) and the shapes of attacks.</summary>
internal sealed class Behaviour(int seed, DateTimeOffset start)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly Random _random = new(seed);
    private int _next;

    public DateTimeOffset Now => start + (Interval * _next);

    /// <summary>The next <paramref name="count"/> intervals of ordinary work.</summary>
    public BehaviourSample[] Normal(int count) => [.. Enumerable.Range(0, count).Select(_ => Next(1, 1, 1, 0, 0, 1, 0.3))];

    /// <summary>Data leaving: egress hundreds of times normal, to a couple of destinations.</summary>
    public BehaviourSample Exfiltration() => Next(1, 0.4, 400, 0, 0, 1, 0.35);

    /// <summary>A taken-over host: root processes started and data leaving at once.</summary>
    public BehaviourSample Compromise() => Next(1, 0.4, 400, 0, 6, 1, 0.35);

    /// <summary>Brute force and scanning: auth failures and a fan-out to many new destinations.</summary>
    public BehaviourSample Intrusion() => Next(10, 30, 1.5, 300, 0, 5, 0.32);

    private BehaviourSample Next(double connections, double destinations, double egress, double authFailures, double privileged, double dns, double cpu)
    {
        var at = start + (Interval * _next++);
        return new BehaviourSample(
            at.ToUnixTimeMilliseconds(),
            Math.Round(Noisy(20) * connections),
            Math.Round(Noisy(5) * destinations),
            Math.Round(Noisy(2e6) * egress),
            authFailures > 0 ? authFailures : _random.Next(0, 2),
            privileged,
            Math.Round(Noisy(30) * dns),
            cpu * Noisy(1));
    }

    private double Noisy(double mean) => mean * (0.85 + (0.3 * _random.NextDouble()));
}
