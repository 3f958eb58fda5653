namespace Juno.Intelligence;

/// <summary>
/// Per-entity state of the <see cref="QAgent"/>: a linear residual per action on top of the shared Q-network,
/// exploration rate, counters, and the network Q-values of the decision awaiting its reward.
/// </summary>
public sealed class QAgentState
{
    /// <summary>Residual features: the state vector plus a bias term.</summary>
    public const int FeatureCount = StateVector.Length + 1;

    private const byte FormatVersion = 1;
    private const string TypeName = nameof(QAgentState);

    private readonly float[] _weights = new float[AgentActions.Count * FeatureCount];
    private readonly float[] _pendingNetworkQ = new float[AgentActions.Count];

    public QAgentState()
        : this(QAgentOptions.Default.InitialEpsilon)
    {
    }

    public QAgentState(double initialEpsilon)
    {
        if (!(initialEpsilon >= 0 && initialEpsilon <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(initialEpsilon), initialEpsilon, "Must be in [0, 1].");
        }

        Epsilon = initialEpsilon;
    }

    /// <summary>Residual weights, action-major: action a owns [a * 11, a * 11 + 11), the last being its bias.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    public double Epsilon { get; internal set; }

    public long Decisions { get; internal set; }

    public long Updates { get; internal set; }

    /// <summary>Exponentially weighted mean of the rewards learned from.</summary>
    public double MeanReward { get; internal set; }

    /// <summary>Whether a decision is waiting for the reward that <see cref="QAgent.Learn"/> will credit to it.</summary>
    public bool HasPendingDecision { get; internal set; }

    internal Span<float> MutableWeights => _weights;

    // The network's Q-values for the state of the pending decision: Learn needs Q(s, a) but only receives s.
    internal Span<float> PendingNetworkQ => _pendingNetworkQ;

    public void WriteTo(BinaryWriter writer)
    {
        Snapshot.WriteVersion(writer, FormatVersion);
        writer.Write(Epsilon);
        writer.Write(Decisions);
        writer.Write(Updates);
        writer.Write(MeanReward);
        writer.Write(HasPendingDecision);
        Snapshot.WriteFloats(writer, _weights);
        Snapshot.WriteFloats(writer, _pendingNetworkQ);
    }

    public static QAgentState ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, FormatVersion, TypeName);
        double epsilon = reader.ReadDouble();
        if (!(epsilon >= 0 && epsilon <= 1))
        {
            throw Snapshot.Invalid(TypeName, "epsilon out of [0, 1]");
        }

        var state = new QAgentState(epsilon)
        {
            Decisions = reader.ReadInt64(),
            Updates = reader.ReadInt64(),
            MeanReward = reader.ReadDouble(),
            HasPendingDecision = reader.ReadBoolean(),
        };
        Snapshot.ReadFloats(reader, state._weights, TypeName);
        Snapshot.ReadFloats(reader, state._pendingNetworkQ, TypeName);
        return state;
    }
}
