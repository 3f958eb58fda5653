namespace Juno.Storage;

/// <summary>The action statuses the stores themselves act on; other statuses are the caller's vocabulary.</summary>
public static class ActionStatuses
{
    public const string Approved = "approved";
    public const string Executing = "executing";
}
