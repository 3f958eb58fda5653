using Juno.Actuation;
using Juno.Actuation.Simulation;

namespace Juno.Integration.Tests.Infrastructure;

/// <summary>The simulated cluster as actuator, with a one-shot pause before or after the change lands: the moment a
/// test kills the silo or stops PostgreSQL. An abandoned call throws, as a dead process's call never returns.</summary>
internal sealed class PausingActuator(SimulatedCluster inner) : IClusterActuator
{
    private PausePoint _armed;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public enum PausePoint
    {
        None,
        BeforeApplying,
        AfterApplying,
    }

    public string Name => inner.Name;

    /// <summary>Completes when the armed call has reached its pause.</summary>
    public Task Reached => _reached.Task;

    public void Arm(PausePoint point)
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _armed = point;
    }

    /// <summary>Lets the paused call return its result.</summary>
    public void Release() => _release.TrySetResult();

    /// <summary>The paused call fails without a result, as if its process had died.</summary>
    public void Abandon() => _release.TrySetException(new OperationCanceledException("the silo making this call died"));

    public async Task<ActuationResult> ExecuteAsync(ActuationCommand command, CancellationToken ct = default)
    {
        var point = _armed;
        _armed = PausePoint.None;
        if (point == PausePoint.BeforeApplying)
        {
            await PauseAsync();
        }

        var result = await inner.ExecuteAsync(command, ct);
        if (point == PausePoint.AfterApplying)
        {
            await PauseAsync();
        }

        return result;
    }

    public Task<AppliedState> FindAppliedAsync(ActuationCommand command, CancellationToken ct = default) => inner.FindAppliedAsync(command, ct);

    public Task<WorkloadObservation?> ObserveWorkloadAsync(string @namespace, string name, CancellationToken ct = default) =>
        inner.ObserveWorkloadAsync(@namespace, name, ct);

    private async Task PauseAsync()
    {
        _reached.TrySetResult();
        await _release.Task;
    }
}
