namespace Juno.Intelligence;

/// <summary>
/// A deliberately simple model of what an action does to the next observation, used to pretrain the Q-network prior
/// (per-entity residuals then learn what this model gets wrong).
/// </summary>
/// <remarks>
/// Demand moves by the forecast (¾ of the 15-minute ratio plus ¼ of the hourly one). Per-replica load — and with it
/// CPU utilisation and p95 latency — scales with demand × replicas / new replicas. Memory is not load driven.
/// Errors are split: on a saturated service (CPU at or above 90%) the share of errors that saturation explains is
/// load driven (requests beyond capacity fail) and follows the new utilisation, so only capacity relieves it; the
/// rest is not load driven. A restart doesn't change capacity but clears anomalous state in proportion to the
/// anomaly score: memory falls towards 50% and the non-load errors fall by that fraction. Without the split, an
/// overloaded service's errors look like something a restart fixes, and the prior restarts instead of scaling out.
/// </remarks>
internal static class TransitionModel
{
    private const double RestartedMemory = 0.5;
    private const double SaturationStart = 0.9;

    public static StateInputs Predict(in StateInputs state, AgentAction action)
    {
        int replicas = Math.Max(state.Replicas, 1);
        int nextReplicas = Math.Clamp(replicas + AgentActions.ReplicaDelta(action), 1, Math.Max(state.MaxReplicas, 1));
        double demand = (0.75 * Positive(state.Forecast15mRatio)) + (0.25 * Positive(state.Forecast1hRatio));
        double load = demand * replicas / nextReplicas;
        double memory = state.MemoryUtilisation;
        double nextCpu = state.CpuUtilisation * load;
        double saturation = Saturation(state.CpuUtilisation);
        double loadErrors = state.ErrorRate * saturation;
        double otherErrors = state.ErrorRate - loadErrors;
        if (saturation > 0)
        {
            loadErrors *= Saturation(nextCpu) / saturation;
        }

        if (action == AgentAction.Restart)
        {
            double anomaly = Math.Clamp(state.AnomalyScore, 0, 1);
            memory -= anomaly * Math.Max(0, memory - RestartedMemory);
            otherErrors *= 1 - anomaly;
        }

        double errors = loadErrors + otherErrors;
        return state with
        {
            CpuUtilisation = nextCpu,
            LatencyRatio = state.LatencyRatio * load,
            MemoryUtilisation = memory,
            ErrorRate = errors,
            Replicas = nextReplicas,
        };
    }

    /// <summary>0 below 90% CPU, 1 at or above 100%: how far a service is past the point where requests fail.</summary>
    private static double Saturation(double cpu) => double.IsFinite(cpu) ? Math.Clamp((cpu - SaturationStart) / (1 - SaturationStart), 0, 1) : 0;

    private static double Positive(double ratio) => double.IsFinite(ratio) && ratio > 0 ? ratio : 1;
}
