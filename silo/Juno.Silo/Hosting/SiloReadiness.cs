using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Juno.Silo.Hosting;

/// <summary>Ready only while the silo is active in its cluster: between joining (after storage and
/// membership came up) and the start of shutdown. A load balancer must not send work before or after.</summary>
internal sealed class SiloReadiness : IHealthCheck, ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _active;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(SiloReadiness),
            ServiceLifecycleStage.Active,
            _ =>
            {
                _active = true;
                return Task.CompletedTask;
            },
            _ =>
            {
                _active = false;
                return Task.CompletedTask;
            });

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_active ? HealthCheckResult.Healthy("silo active") : HealthCheckResult.Unhealthy("silo not active"));
}
