using Juno.Actuation;
using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Grains.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juno.Grains.Hosting;

/// <summary>
/// Keeps the silo's cluster's workload and node grains in step with its Deployments and Nodes when an inventory is
/// registered (the Kubernetes actuator registers one): a Deployment or Node that exists is tracked (listed in the
/// directory, deciding), one that is deleted is retired. A Deployment's tenant is its <see cref="TenantLabel"/> label,
/// else <see cref="DefaultTenant"/>. Runs once the silo has started; without an inventory it does nothing.
/// </summary>
internal sealed partial class DiscoveryService(
    IServiceProvider services,
    IGrainFactory grains,
    IOptions<JunoClusterOptions> cluster,
    IHostApplicationLifetime lifetime,
    ILogger<DiscoveryService> logger) : BackgroundService
{
    public const string TenantLabel = "juno.io/tenant";
    public const string DefaultTenant = "default";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IClusterInventory>() is not { } inventory)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        await foreach (var change in inventory.WatchAsync(stoppingToken))
        {
            if (KeyOf(change) is not { } key)
            {
                continue;
            }

            try
            {
                IDiscoveredEntityGrain grain = change.Kind == EntityKind.Node ? grains.GetGrain<INodeGrain>(key) : grains.GetGrain<IWorkloadGrain>(key);
                await (change.Event == InventoryEvent.Present ? grain.Track() : grain.Retire());
                LogChange(logger, change.Event, change.Kind, key);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One entity's trouble must not stop discovery of the rest; the next relist offers it again.
                LogFailed(logger, ex, change.Event, key);
            }
        }
    }

    private string? KeyOf(InventoryChange change)
    {
        if (change.Kind == EntityKind.Node)
        {
            return EntityKeys.Node(cluster.Value.Name, change.Name);
        }

        var tenant = change.Labels.TryGetValue(TenantLabel, out var labelled) ? labelled : DefaultTenant;
        if (!EntityKeys.IsValidSegment(tenant, out var error))
        {
            LogBadTenant(logger, change.Namespace, change.Name, tenant, error);
            return null;
        }

        return EntityKeys.Workload(tenant, cluster.Value.Name, change.Namespace, change.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery: {Event} {Kind} {Key}")]
    private static partial void LogChange(ILogger logger, InventoryEvent @event, EntityKind kind, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discovery could not apply {Event} to {Key}")]
    private static partial void LogFailed(ILogger logger, Exception exception, InventoryEvent @event, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Namespace}/{Name} names tenant '{Tenant}', which {Error}: not tracked")]
    private static partial void LogBadTenant(ILogger logger, string @namespace, string name, string tenant, string error);
}
