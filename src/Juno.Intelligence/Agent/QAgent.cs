using System.Numerics.Tensors;

namespace Juno.Intelligence;

/// <summary>
/// Per-entity decision maker: shared network Q-values plus a per-entity linear residual, epsilon-greedy over the
/// actions the shield allows, learning the residual online with semi-gradient Q-learning (TD(0)).
/// </summary>
/// <remarks>
/// Protocol: <see cref="Choose"/> for state s_t, act, observe, then <see cref="Learn"/> with s_t, the action taken,
/// the reward, s_{t+1} and the network's Q-values for s_{t+1}. Choose records the network Q-values of s_t in the
/// state, so Learn can form Q(s_t, a) = networkQ + residual even across a grain deactivation. Learn without a pending
/// decision does nothing. Neither method allocates. Not thread-safe: one agent per entity, driven by its grain.
/// </remarks>
public sealed class QAgent
{
    private readonly QAgentOptions _options;

    public QAgent(QAgentState state, QAgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        _options = options ?? QAgentOptions.Default;
        _options.Validate();
        State = state;
    }

    public QAgentState State { get; }

    public QAgentOptions Options => _options;

    /// <summary>Picks an allowed action: greedy on networkQ + residual, or uniformly at random with probability epsilon.</summary>
    /// <param name="state">State vector (<see cref="StateVector.Length"/> floats).</param>
    /// <param name="networkQ">Shared network Q-values for <paramref name="state"/>, one per action.</param>
    /// <param name="allowed">Shield mask, one per action. If nothing is allowed the answer is Hold.</param>
    /// <param name="rng">Exploration randomness (the caller owns seeding).</param>
    /// <param name="combinedQ">Receives networkQ + residual per action; -∞ for masked actions.</param>
    /// <returns>The chosen action's index (cast to <see cref="AgentAction"/>).</returns>
    public int Choose(ReadOnlySpan<float> state, ReadOnlySpan<float> networkQ, ReadOnlySpan<bool> allowed, Random rng, Span<float> combinedQ)
    {
        RequireState(state, nameof(state));
        RequireActions(networkQ.Length, nameof(networkQ));
        RequireActions(allowed.Length, nameof(allowed));
        RequireActions(combinedQ.Length, nameof(combinedQ));
        ArgumentNullException.ThrowIfNull(rng);

        int greedy = (int)AgentAction.Hold;
        int allowedCount = 0;
        float best = float.NegativeInfinity;
        for (int action = 0; action < AgentActions.Count; action++)
        {
            if (!allowed[action])
            {
                combinedQ[action] = float.NegativeInfinity;
                continue;
            }

            float q = networkQ[action] + Residual(state, action);
            combinedQ[action] = q;
            if (allowedCount == 0 || q > best)
            {
                greedy = action;
                best = q;
            }

            allowedCount++;
        }

        int chosen = greedy;
        if (allowedCount > 1 && rng.NextDouble() < State.Epsilon)
        {
            chosen = NthAllowed(allowed, rng.Next(allowedCount));
        }

        networkQ[..AgentActions.Count].CopyTo(State.PendingNetworkQ);
        State.HasPendingDecision = true;
        State.Decisions++;
        State.Epsilon = Math.Max(_options.EpsilonFloor, State.Epsilon * _options.EpsilonDecay);
        return chosen;
    }

    /// <summary>Credits <paramref name="reward"/> to the pending decision and moves the residual towards the TD target.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The reward is not finite or the action is unknown.</exception>
    public void Learn(
        ReadOnlySpan<float> state,
        int action,
        double reward,
        ReadOnlySpan<float> nextState,
        ReadOnlySpan<float> nextNetworkQ,
        ReadOnlySpan<bool> nextAllowed)
    {
        RequireState(state, nameof(state));
        RequireState(nextState, nameof(nextState));
        RequireActions(nextNetworkQ.Length, nameof(nextNetworkQ));
        RequireActions(nextAllowed.Length, nameof(nextAllowed));
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, AgentActions.Count);
        if (!double.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, "Reward must be finite.");
        }

        if (!State.HasPendingDecision)
        {
            return;
        }

        double nextValue = 0;
        bool anyAllowed = false;
        for (int next = 0; next < AgentActions.Count; next++)
        {
            if (!nextAllowed[next])
            {
                continue;
            }

            double q = nextNetworkQ[next] + Residual(nextState, next);
            nextValue = anyAllowed ? Math.Max(nextValue, q) : q;
            anyAllowed = true;
        }

        double target = reward + (_options.Discount * nextValue);
        double current = State.PendingNetworkQ[action] + Residual(state, action);
        double tdError = Math.Clamp(target - current, -_options.TdErrorClip, _options.TdErrorClip);

        // Normalised LMS: the bias feature contributes 1 to the squared norm.
        float stepSize = (float)(_options.LearningRate * tdError / (1 + TensorPrimitives.SumOfSquares(state)));
        Span<float> weights = State.MutableWeights.Slice(action * QAgentState.FeatureCount, QAgentState.FeatureCount);
        Span<float> stateWeights = weights[..StateVector.Length];
        TensorPrimitives.MultiplyAdd(state, stepSize, stateWeights, stateWeights);
        weights[StateVector.Length] += stepSize;

        State.Updates++;
        double smoothing = Math.Max(_options.RewardSmoothing, 1.0 / State.Updates);
        State.MeanReward += smoothing * (reward - State.MeanReward);
        State.HasPendingDecision = false;
    }

    /// <summary>
    /// Credits a reward that arrived after the transition was learned (governance verifying an action minutes later):
    /// the TD target of (<paramref name="state"/>, <paramref name="action"/>) should have included it, so its residual
    /// moves by exactly that much, with the usual step size and clip. Nothing else changes.
    /// </summary>
    public void CreditLate(ReadOnlySpan<float> state, int action, double reward)
    {
        RequireState(state, nameof(state));
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, AgentActions.Count);
        if (!double.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, "Reward must be finite.");
        }

        double error = Math.Clamp(reward, -_options.TdErrorClip, _options.TdErrorClip);
        float stepSize = (float)(_options.LearningRate * error / (1 + TensorPrimitives.SumOfSquares(state)));
        Span<float> weights = State.MutableWeights.Slice(action * QAgentState.FeatureCount, QAgentState.FeatureCount);
        Span<float> stateWeights = weights[..StateVector.Length];
        TensorPrimitives.MultiplyAdd(state, stepSize, stateWeights, stateWeights);
        weights[StateVector.Length] += stepSize;
        State.Updates++;
    }

    /// <summary>The residual correction the agent adds to the network's Q-value of <paramref name="action"/>.</summary>
    public float Residual(ReadOnlySpan<float> state, int action)
    {
        ReadOnlySpan<float> weights = State.Weights.Slice(action * QAgentState.FeatureCount, QAgentState.FeatureCount);
        return TensorPrimitives.Dot(weights[..StateVector.Length], state[..StateVector.Length]) + weights[StateVector.Length];
    }

    private static int NthAllowed(ReadOnlySpan<bool> allowed, int n)
    {
        for (int action = 0; action < AgentActions.Count; action++)
        {
            if (allowed[action] && n-- == 0)
            {
                return action;
            }
        }

        throw new InvalidOperationException("Unreachable: n is below the allowed count.");
    }

    private static void RequireState(ReadOnlySpan<float> state, string name)
    {
        if (state.Length != StateVector.Length)
        {
            throw new ArgumentException($"State must have {StateVector.Length} floats.", name);
        }
    }

    private static void RequireActions(int length, string name)
    {
        if (length < AgentActions.Count)
        {
            throw new ArgumentException($"Needs one entry per action ({AgentActions.Count}).", name);
        }
    }
}
