using Juno.Contracts.Grains;
using Juno.Grains.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juno.Grains.Hosting;

/// <summary>
/// Wakes the governance grain of the silo's cluster as soon as the silo runs, instead of at the first proposal: it
/// reconciles executions a previous silo left unfinished and restarts the sweep that expires held approvals, so an
/// approval window closes on time after a restart even if nothing else calls governance.
/// </summary>
internal sealed class GovernanceStartup(
    IGrainFactory grains,
    IOptions<JunoClusterOptions> cluster,
    IHostApplicationLifetime lifetime,
    ILogger<GovernanceStartup> logger) : BackgroundService
{
    private const int Attempts = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls need a running silo: the host reports started once every hosted service, Orleans included, has.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var report = await grains.GetGrain<IGovernanceGrain>(cluster.Value.Name).Reconcile();
                logger.LogInformation("Governance of {Cluster} is up; reconciliation at start: {Report}", cluster.Value.Name, report);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < Attempts)
            {
                logger.LogWarning(ex, "Governance of {Cluster} could not start (attempt {Attempt} of {Attempts})", cluster.Value.Name, attempt, Attempts);
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt), stoppingToken);
            }
        }
    }
}
