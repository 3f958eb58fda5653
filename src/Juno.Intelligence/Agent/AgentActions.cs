namespace Juno.Intelligence;

/// <summary>Facts about the <see cref="AgentAction"/> space shared by the shield, reward, transition model and agent.</summary>
public static class AgentActions
{
    public const int Count = 6;

    /// <summary>Change in replica count the action asks for (0 for Hold and Restart).</summary>
    public static int ReplicaDelta(AgentAction action) => action switch
    {
        AgentAction.ScaleOutOne => 1,
        AgentAction.ScaleOutTwo => 2,
        AgentAction.ScaleInOne => -1,
        AgentAction.ScaleInTwo => -2,
        AgentAction.Hold or AgentAction.Restart => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action."),
    };
}
