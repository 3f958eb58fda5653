using Juno.Grains.Options;

namespace Juno.Grains.Governance;

/// <summary>Stops all execution in a cluster when recent actions keep failing: a failing action is
/// usually a symptom of something an agent can't see (API server trouble, bad image), and repeating it
/// makes things worse. Open for a cool-off, then one probe decides whether to close.</summary>
internal sealed class CircuitBreaker(GovernanceState state, GovernanceOptions options)
{
    public double SuccessRate => state.Outcomes.Count == 0 ? 1 : state.Outcomes.Count(static ok => ok) / (double)state.Outcomes.Count;

    public bool IsOpen(DateTimeOffset now) => state.BreakerOpenedAt is { } opened && now - opened < options.BreakerOpenDuration;

    /// <summary>After the cool-off the breaker is half-open: the next action is a probe.</summary>
    public bool IsHalfOpen(DateTimeOffset now) => state.BreakerOpenedAt is { } opened && now - opened >= options.BreakerOpenDuration;

    public void Record(bool succeeded, DateTimeOffset now)
    {
        if (IsHalfOpen(now))
        {
            // The probe decides: success closes with a clean slate, failure re-opens.
            state.Outcomes.Clear();
            state.BreakerOpenedAt = succeeded ? null : now;
            state.Outcomes.Add(succeeded);
            return;
        }

        state.Outcomes.Add(succeeded);
        if (state.Outcomes.Count > options.BreakerWindow)
        {
            state.Outcomes.RemoveRange(0, state.Outcomes.Count - options.BreakerWindow);
        }

        if (state.Outcomes.Count >= options.BreakerMinimumOutcomes && SuccessRate < options.BreakerSuccessThreshold)
        {
            state.BreakerOpenedAt = now;
        }
    }
}
