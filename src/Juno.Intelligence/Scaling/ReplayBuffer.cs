namespace Juno.Intelligence;

/// <summary>A ring of (state, action, reward, next state) transitions, sampled uniformly; allocation-free once full.</summary>
internal sealed class ReplayBuffer(int capacity, int stateLength)
{
    private readonly float[] _states = new float[capacity * stateLength];
    private readonly float[] _next = new float[capacity * stateLength];
    private readonly int[] _actions = new int[capacity];
    private readonly float[] _rewards = new float[capacity];
    private long _added;

    public int Count => (int)Math.Min(_added, capacity);

    public void Add(ReadOnlySpan<float> state, int action, float reward, ReadOnlySpan<float> next)
    {
        int slot = (int)(_added % capacity);
        state.CopyTo(_states.AsSpan(slot * stateLength, stateLength));
        next.CopyTo(_next.AsSpan(slot * stateLength, stateLength));
        _actions[slot] = action;
        _rewards[slot] = reward;
        _added++;
    }

    public void Sample(Random rng, Span<float> states, Span<int> actions, Span<float> rewards, Span<float> next)
    {
        for (int row = 0; row < actions.Length; row++)
        {
            int slot = rng.Next(Count);
            _states.AsSpan(slot * stateLength, stateLength).CopyTo(states.Slice(row * stateLength, stateLength));
            _next.AsSpan(slot * stateLength, stateLength).CopyTo(next.Slice(row * stateLength, stateLength));
            actions[row] = _actions[slot];
            rewards[row] = _rewards[slot];
        }
    }
}
