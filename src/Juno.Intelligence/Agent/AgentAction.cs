namespace Juno.Intelligence;

/// <summary>The agent's discrete actions. The numeric order is the Q-network's output order: don't reorder.</summary>
public enum AgentAction
{
    Hold = 0,
    ScaleOutOne = 1,
    ScaleOutTwo = 2,
    ScaleInOne = 3,
    ScaleInTwo = 4,
    Restart = 5,
}
