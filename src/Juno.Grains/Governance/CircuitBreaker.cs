using Juno.Contracts.Actions;
using Juno.Grains.Options;

namespace Juno.Grains.Governance;

/// <summary>Stops execution of one action type in a cluster when its recent runs keep failing: a failing action is
/// usually a symptom of something an agent can't see (API server trouble, a bad image, a PodDisruptionBudget), and
/// repeating it makes things worse. Failing restarts stop restarts; scale-outs go on. Open for a cool-off, then
/// half-open: one probe decides whether to close.</summary>
internal sealed class CircuitBreaker(GovernanceState state, GovernanceOptions options)
{
    /// <summary>Across every action type: what the status view shows.</summary>
    public double SuccessRate
    {
        get
        {
            var outcomes = state.Breakers.Values.SelectMany(b => b.Outcomes).ToList();
            return outcomes.Count == 0 ? 1 : outcomes.Count(static ok => ok) / (double)outcomes.Count;
        }
    }

    public int OutcomeCount => state.Breakers.Values.Sum(b => b.Outcomes.Count);

    public double SuccessRateOf(ActionKind kind) =>
        state.Breakers.TryGetValue(kind, out var breaker) && breaker.Outcomes.Count > 0
            ? breaker.Outcomes.Count(static ok => ok) / (double)breaker.Outcomes.Count
            : 1;

    public bool IsOpen(ActionKind kind, DateTimeOffset now) =>
        state.Breakers.TryGetValue(kind, out var breaker) && breaker.OpenedAt is { } opened && now - opened < options.BreakerOpenDuration;

    public bool AnyOpen(DateTimeOffset now) => state.Breakers.Keys.Any(kind => IsOpen(kind, now));

    public void Record(ActionKind kind, bool succeeded, DateTimeOffset now)
    {
        if (!state.Breakers.TryGetValue(kind, out var breaker))
        {
            state.Breakers[kind] = breaker = new BreakerState();
        }

        if (breaker.OpenedAt is { } opened && now - opened >= options.BreakerOpenDuration)
        {
            // Half-open: the probe decides. Success closes with a clean slate, failure re-opens.
            breaker.Outcomes.Clear();
            breaker.OpenedAt = succeeded ? null : now;
            breaker.Outcomes.Add(succeeded);
            return;
        }

        breaker.Outcomes.Add(succeeded);
        if (breaker.Outcomes.Count > options.BreakerWindow)
        {
            breaker.Outcomes.RemoveRange(0, breaker.Outcomes.Count - options.BreakerWindow);
        }

        if (breaker.Outcomes.Count >= options.BreakerMinimumOutcomes && SuccessRateOf(kind) < options.BreakerSuccessThreshold)
        {
            breaker.OpenedAt = now;
        }
    }
}
