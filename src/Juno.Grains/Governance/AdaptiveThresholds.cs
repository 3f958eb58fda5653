using System.Text.Json;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;

namespace Juno.Grains.Governance;

/// <summary>
/// Moves each action type's auto-approval threshold with its record: after every window of outcomes, a high success
/// rate earns the type more autonomy, a low one takes it away, one step at a time and never past the bounds. The
/// offset is cluster-wide (an action type behaves much the same for every tenant); each tenant's configured
/// threshold is moved by it.
/// </summary>
internal sealed class AdaptiveThresholds(GovernanceState state)
{
    public double OffsetOf(ActionKind kind) => state.AdaptiveOffsets.GetValueOrDefault(kind);

    public (int Outcomes, int Successes) TallyOf(ActionKind kind) =>
        state.OutcomesSinceAdaptation.TryGetValue(kind, out var tally) ? (tally[0], tally[1]) : (0, 0);

    /// <summary>The threshold that applies: the configured one moved by the offset, kept within the bounds (an
    /// unmoved threshold is left as configured, bounds or not).</summary>
    public double Applied(ActionKind kind, double configured, AdaptiveTolerance settings)
    {
        var offset = OffsetOf(kind);
        return offset == 0 ? configured : Math.Clamp(configured + offset, settings.Min, settings.Max);
    }

    /// <summary>Counts an outcome; returns the adaptation when this one completes a window and moves the threshold.</summary>
    public GovernanceAdaptation? Record(string cluster, ActionKind kind, bool succeeded, double configured, AdaptiveTolerance settings, DateTimeOffset now)
    {
        if (!settings.Enabled)
        {
            return null;
        }

        if (!state.OutcomesSinceAdaptation.TryGetValue(kind, out var tally))
        {
            state.OutcomesSinceAdaptation[kind] = tally = new int[2];
        }

        tally[0]++;
        tally[1] += succeeded ? 1 : 0;
        if (tally[0] < settings.Window)
        {
            return null;
        }

        var (outcomes, successes) = (tally[0], tally[1]);
        tally[0] = tally[1] = 0;
        var rate = successes / (double)outcomes;
        var old = OffsetOf(kind);
        var applied = Applied(kind, configured, settings);
        double target;
        string verdict;
        if (rate >= settings.RaiseAt)
        {
            target = Math.Min(settings.Max, applied + settings.Step);
            verdict = $"at or above {settings.RaiseAt:P0}: threshold raised";
        }
        else if (rate < settings.LowerUnder)
        {
            target = Math.Max(settings.Min, applied - settings.Step);
            verdict = $"under {settings.LowerUnder:P0}: threshold lowered";
        }
        else
        {
            return null;
        }

        var offset = Math.Round(target - configured, 6);
        if (Math.Abs(offset - old) < 1e-9)
        {
            return null;
        }

        state.AdaptiveOffsets[kind] = offset;
        return new GovernanceAdaptation(
            0, cluster, null, ParameterOf(kind), old, offset,
            $"{successes} of {outcomes} {kind} actions succeeded ({rate:P0}), {verdict} from {applied:F2} to {target:F2}",
            JsonSerializer.Serialize(new { outcomes, successes, rate, configured, appliedBefore = applied, appliedAfter = target, settings.Min, settings.Max, settings.Step }),
            "juno-governance", now, null);
    }

    /// <summary>Restores an offset (a rollback); the window starts again.</summary>
    public void Set(ActionKind kind, double offset)
    {
        state.AdaptiveOffsets[kind] = offset;
        state.OutcomesSinceAdaptation.Remove(kind);
    }

    public static string ParameterOf(ActionKind kind) => $"auto_approve_offset.{kind}";

    public static bool TryParse(string parameter, out ActionKind kind)
    {
        kind = default;
        const string Prefix = "auto_approve_offset.";
        return parameter.StartsWith(Prefix, StringComparison.Ordinal) && Enum.TryParse(parameter[Prefix.Length..], out kind);
    }
}
