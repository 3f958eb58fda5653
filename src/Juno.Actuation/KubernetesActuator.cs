using Juno.Contracts.Actions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Juno.Actuation;

/// <summary>Carries out actions through the Kubernetes API: the Deployment scale subresource for
/// scaling, a pod-template annotation for rollout restarts, <c>spec.unschedulable</c> for cordons, a deny-all
/// NetworkPolicy over the Deployment's pods for isolation.
/// Each change carries the resourceVersion of the read that found the action unapplied, and the target
/// is stamped with the action id, so concurrent writers are detected and a retried action applies once.</summary>
public sealed partial class KubernetesActuator : IClusterActuator
{
    private const string DryRunAll = "All";

    private readonly IKubernetes _client;
    private readonly ApiRetry _retry;
    private readonly KubernetesActuatorOptions _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public KubernetesActuator(
        IKubernetes client,
        IOptions<KubernetesActuatorOptions> options,
        ILogger<KubernetesActuator>? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        settings.Validate();
        _client = client;
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<KubernetesActuator>.Instance;
        _retry = new ApiRetry(settings.MaxAttempts, settings.BaseBackoff, _time, _logger);
    }

    public string Name => "kubernetes";

    public async Task<ActuationResult> ExecuteAsync(ActuationCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var operation = Describe(command);
        var result = command.Kind switch
        {
            ActionKind.Hold => new ActuationResult(true, false, "hold: nothing to change", null),
            ActionKind.ScaleOut or ActionKind.ScaleIn => await _retry.RunAsync(operation, c => ScaleAsync(command, c), ct).ConfigureAwait(false),
            ActionKind.Restart => await _retry.RunAsync(operation, c => RestartAsync(command, c), ct).ConfigureAwait(false),
            ActionKind.Cordon => await _retry.RunAsync(operation, c => CordonAsync(command, c), ct).ConfigureAwait(false),
            ActionKind.Isolate => await _retry.RunAsync(operation, c => IsolateAsync(command, c), ct).ConfigureAwait(false),
            ActionKind.Uncordon => await _retry.RunAsync(operation, c => UncordonAsync(command, c), ct).ConfigureAwait(false),
            ActionKind.Drain => await _retry.RunAsync(operation, c => DrainAsync(command, c), ct).ConfigureAwait(false),
            ActionKind.DeletePod => await _retry.RunAsync(operation, c => DeletePodAsync(command, c), ct).ConfigureAwait(false),
            ActionKind.Rollback => await _retry.RunAsync(operation, c => RollbackAsync(command, c), ct).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "Unknown action kind."),
        };

        LogExecuted(_logger, operation, command.ActionId, result.Detail);
        return result;
    }

    public async Task<AppliedState> FindAppliedAsync(ActuationCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return await _retry.RunAsync($"check {Describe(command)}", c => FindAppliedOnceAsync(command, c), ct).ConfigureAwait(false);
        }
        catch (ActuationException ex) when (ex.Failure == ActuationFailure.NotFound)
        {
            return AppliedState.TargetGone;
        }
    }

    private async Task<AppliedState> FindAppliedOnceAsync(ActuationCommand command, CancellationToken ct)
    {
        switch (command.Kind)
        {
            case ActionKind.ScaleOut or ActionKind.ScaleIn:
                // The scale lands before the stamp (see ScaleAsync): the replica count alone shows it too.
                var scaled = await _client.AppsV1.ReadNamespacedDeploymentAsync(command.Name, command.Namespace, cancellationToken: ct).ConfigureAwait(false);
                return ObjectPatches.CarriesAction(scaled.Metadata, command.ActionId) || DesiredReplicas(scaled) == command.TargetReplicas
                    ? AppliedState.Applied : AppliedState.NotApplied;
            case ActionKind.Restart:
                var restarted = await _client.AppsV1.ReadNamespacedDeploymentAsync(command.Name, command.Namespace, cancellationToken: ct).ConfigureAwait(false);
                return ObjectPatches.CarriesAction(restarted.Metadata, command.ActionId) ? AppliedState.Applied : AppliedState.NotApplied;
            case ActionKind.Cordon or ActionKind.Uncordon or ActionKind.Drain:
                var node = await _client.CoreV1.ReadNodeAsync(command.Name, cancellationToken: ct).ConfigureAwait(false);
                return ObjectPatches.CarriesAction(node.Metadata, command.ActionId) ? AppliedState.Applied : AppliedState.NotApplied;
            case ActionKind.DeletePod:
                return await ReadPodOrNullAsync(command.Name, command.Namespace, ct).ConfigureAwait(false) is null ? AppliedState.Applied : AppliedState.NotApplied;
            case ActionKind.Rollback:
                var rolled = await _client.AppsV1.ReadNamespacedDeploymentAsync(command.Name, command.Namespace, cancellationToken: ct).ConfigureAwait(false);
                return ObjectPatches.CarriesAction(rolled.Metadata, command.ActionId) ? AppliedState.Applied : AppliedState.NotApplied;
            case ActionKind.Isolate:
                var policy = await ReadPolicyOrNullAsync(IsolationPolicy.NameFor(command.Name), command.Namespace, ct).ConfigureAwait(false);
                return policy is not null && ObjectPatches.CarriesAction(policy.Metadata, command.ActionId) ? AppliedState.Applied : AppliedState.NotApplied;
            default:
                return AppliedState.NotApplied;
        }
    }

    public async Task<WorkloadObservation?> ObserveWorkloadAsync(string @namespace, string name, CancellationToken ct = default)
    {
        try
        {
            return await _retry.RunAsync($"observe deployment {@namespace}/{name}", async c =>
            {
                var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: c).ConfigureAwait(false);
                return new WorkloadObservation(
                    @namespace,
                    name,
                    DesiredReplicas(deployment),
                    deployment.Status?.ReadyReplicas ?? 0,
                    ObjectPatches.LastActionId(deployment.Metadata));
            }, ct).ConfigureAwait(false);
        }
        catch (ActuationException ex) when (ex.Failure == ActuationFailure.NotFound)
        {
            return null;
        }
    }

    private async Task<ActuationResult> ScaleAsync(ActuationCommand command, CancellationToken ct)
    {
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(command.Name, command.Namespace, cancellationToken: ct).ConfigureAwait(false);
        var current = DesiredReplicas(deployment);
        if (ObjectPatches.CarriesAction(deployment.Metadata, command.ActionId))
        {
            return AlreadyApplied(command, current);
        }

        // The Scale subresource shares its Deployment's resourceVersion, so this replace only lands if
        // nothing changed since the read that found the action unapplied.
        var scale = new V1Scale
        {
            Metadata = new V1ObjectMeta
            {
                Name = command.Name,
                NamespaceProperty = command.Namespace,
                ResourceVersion = deployment.Metadata.ResourceVersion,
            },
            Spec = new V1ScaleSpec { Replicas = command.TargetReplicas },
        };
        var written = await _client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(
            scale, command.Name, command.Namespace, dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);

        // Stamped after scaling: if we die in between, the retry finds no stamp and re-applies the same
        // absolute target, which changes nothing, before stamping. Stamping first could lose the scale.
        await _client.AppsV1.PatchNamespacedDeploymentAsync(
            ObjectPatches.Stamp(command.ActionId), command.Name, command.Namespace, dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);

        var replicas = written.Spec?.Replicas ?? command.TargetReplicas;
        var target = command.Target;
        return Applied(
            command.DryRun
                ? $"dry run: {target} would scale from {current} to {replicas} replicas"
                : $"{target} scaled from {current} to {replicas} replicas",
            replicas);
    }

    private async Task<ActuationResult> RestartAsync(ActuationCommand command, CancellationToken ct)
    {
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(command.Name, command.Namespace, cancellationToken: ct).ConfigureAwait(false);
        if (ObjectPatches.CarriesAction(deployment.Metadata, command.ActionId))
        {
            return AlreadyApplied(command, DesiredReplicas(deployment));
        }

        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(
            ObjectPatches.Restart(command.ActionId, deployment.Metadata.ResourceVersion, _time.GetUtcNow()),
            command.Name, command.Namespace, dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);

        var target = command.Target;
        return Applied(
            command.DryRun ? $"dry run: {target} would be restarted" : $"{target} restarted (rolling)",
            DesiredReplicas(patched));
    }

    private async Task<ActuationResult> CordonAsync(ActuationCommand command, CancellationToken ct)
    {
        var node = await _client.CoreV1.ReadNodeAsync(command.Name, cancellationToken: ct).ConfigureAwait(false);
        if (ObjectPatches.CarriesAction(node.Metadata, command.ActionId))
        {
            return AlreadyApplied(command, null);
        }

        await _client.CoreV1.PatchNodeAsync(
            ObjectPatches.Cordon(command.ActionId, node.Metadata.ResourceVersion),
            command.Name, dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);

        var target = command.Target;
        return Applied(command.DryRun ? $"dry run: {target} would be cordoned" : $"{target} cordoned", null);
    }

    /// <summary>Denies all ingress and egress of the Deployment's pods with a NetworkPolicy selecting exactly
    /// them. A policy with no rules for both directions is Kubernetes' deny-all; other policies still apply, but
    /// NetworkPolicies only ever add allowances, so none can re-open what this one closes.</summary>
    private async Task<ActuationResult> IsolateAsync(ActuationCommand command, CancellationToken ct)
    {
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(command.Name, command.Namespace, cancellationToken: ct).ConfigureAwait(false);
        var selector = deployment.Spec?.Selector;
        if (selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0))
        {
            // An empty selector would isolate every pod in the namespace, not this workload's.
            throw new ActuationException(ActuationFailure.Invalid, $"{command.Target} has no pod selector; refusing to isolate the whole namespace");
        }

        var policyName = IsolationPolicy.NameFor(command.Name);
        var existing = await ReadPolicyOrNullAsync(policyName, command.Namespace, ct).ConfigureAwait(false);
        if (existing is not null && ObjectPatches.CarriesAction(existing.Metadata, command.ActionId))
        {
            return AlreadyApplied(command, DesiredReplicas(deployment));
        }

        var policy = IsolationPolicy.Build(policyName, command.Namespace, selector, command.ActionId, _time.GetUtcNow());
        if (existing is null)
        {
            // A concurrent creator makes this a 409, which the retry turns into a fresh read above.
            await _client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(policy, command.Namespace, dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);
        }
        else
        {
            policy.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await _client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(policy, policyName, command.Namespace, dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);
        }

        var target = command.Target;
        return Applied(
            command.DryRun
                ? $"dry run: {target} would be isolated by NetworkPolicy {policyName}"
                : $"{target} isolated: NetworkPolicy {policyName} denies all ingress and egress of its pods",
            DesiredReplicas(deployment));
    }

    private async Task<V1NetworkPolicy?> ReadPolicyOrNullAsync(string name, string @namespace, CancellationToken ct)
    {
        try
        {
            return await _client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, @namespace, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static ActuationResult Applied(string detail, int? replicas) => new(true, false, detail, replicas);

    private static ActuationResult AlreadyApplied(ActuationCommand command, int? replicas) =>
        new(true, true, $"action {command.ActionId} was already applied to {command.Target}", replicas);

    /// <summary>A Deployment without spec.replicas runs one pod; the API server defaults it so.</summary>
    private static int DesiredReplicas(V1Deployment deployment) => deployment.Spec?.Replicas ?? 1;

    private static string? DryRun(ActuationCommand command) => command.DryRun ? DryRunAll : null;


    private static string Describe(ActuationCommand command) => $"{command.Kind} {command.Target}";

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} (action {ActionId}): {Detail}")]
    private static partial void LogExecuted(ILogger logger, string operation, Guid actionId, string detail);
}
