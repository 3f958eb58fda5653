using System.Net;
using Juno.Contracts.Actions;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Juno.Actuation;

/// <summary>Node and pod disruptions: uncordon, drain through the eviction API, delete one pod.</summary>
public sealed partial class KubernetesActuator
{
    /// <summary>The annotation the kubelet puts on static (mirror) pods: the API cannot evict them, and drains skip them.</summary>
    private const string MirrorPodAnnotation = "kubernetes.io/config.mirror";

    private async Task<ActuationResult> UncordonAsync(ActuationCommand command, CancellationToken ct)
    {
        var node = await _client.CoreV1.ReadNodeAsync(command.Name, cancellationToken: ct).ConfigureAwait(false);
        if (ObjectPatches.CarriesAction(node.Metadata, command.ActionId))
        {
            return AlreadyApplied(command, null);
        }

        await _client.CoreV1.PatchNodeAsync(
            ObjectPatches.Uncordon(command.ActionId, node.Metadata.ResourceVersion),
            command.Name, dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);
        return Applied(command.DryRun ? $"dry run: {command.Target} would be uncordoned" : $"{command.Target} uncordoned", null);
    }

    /// <summary>
    /// Cordons the node, then evicts every pod on it that the eviction API can move: not DaemonSet pods (their
    /// controller would put them straight back) and not mirror pods. An eviction a PodDisruptionBudget refuses (429)
    /// is retried every <see cref="KubernetesActuatorOptions.EvictionRetryDelay"/> until the budget allows it or
    /// <see cref="KubernetesActuatorOptions.DrainTimeout"/> passes; nothing is ever deleted around a budget. A retried
    /// drain cordons nothing twice and finds the pods already gone.
    /// </summary>
    private async Task<ActuationResult> DrainAsync(ActuationCommand command, CancellationToken ct)
    {
        var node = await _client.CoreV1.ReadNodeAsync(command.Name, cancellationToken: ct).ConfigureAwait(false);
        if (!ObjectPatches.CarriesAction(node.Metadata, command.ActionId))
        {
            await _client.CoreV1.PatchNodeAsync(
                ObjectPatches.Cordon(command.ActionId, node.Metadata.ResourceVersion),
                command.Name, dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);
        }

        var pods = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={command.Name}", cancellationToken: ct).ConfigureAwait(false);
        var movable = pods.Items.Where(IsEvictable).ToList();
        var skipped = pods.Items.Count - movable.Count;
        var deadline = _time.GetUtcNow() + _settings.DrainTimeout;
        var waits = 0;
        foreach (var pod in movable)
        {
            while (!await TryEvictAsync(pod, command, ct).ConfigureAwait(false))
            {
                if (_time.GetUtcNow() + _settings.EvictionRetryDelay > deadline)
                {
                    throw new ActuationException(ActuationFailure.Unavailable,
                        $"drain {command.Target}: pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} is still protected by its PodDisruptionBudget after {_settings.DrainTimeout}; the node stays cordoned, nothing was forced",
                        (int)HttpStatusCode.TooManyRequests);
                }

                waits++;
                await Task.Delay(_settings.EvictionRetryDelay, _time, ct).ConfigureAwait(false);
            }
        }

        var budgets = waits == 0 ? "" : $", waited {waits} times for disruption budgets";
        return Applied(command.DryRun
            ? $"dry run: {command.Target} would be cordoned and {movable.Count} pods evicted ({skipped} skipped)"
            : $"{command.Target} drained: cordoned, {movable.Count} pods evicted ({skipped} DaemonSet or mirror pods left){budgets}", null);
    }

    /// <summary>False when a PodDisruptionBudget refuses the eviction for now; a pod already gone counts as evicted.</summary>
    private async Task<bool> TryEvictAsync(V1Pod pod, ActuationCommand command, CancellationToken ct)
    {
        var eviction = new V1Eviction
        {
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty },
            DeleteOptions = command.DryRun ? new V1DeleteOptions { DryRun = [DryRunAll] } : null,
        };
        try
        {
            await _client.CoreV1.CreateNamespacedPodEvictionAsync(eviction, pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return false;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    private static bool IsEvictable(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null
        && !(pod.Metadata.Annotations?.ContainsKey(MirrorPodAnnotation) ?? false)
        && !(pod.Metadata.OwnerReferences?.Any(o => o.Kind == "DaemonSet") ?? false);

    /// <summary>Deletes one pod. A pod already gone counts as deleted: its controller has replaced it either way.</summary>
    private async Task<ActuationResult> DeletePodAsync(ActuationCommand command, CancellationToken ct)
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(command.Name, command.Namespace, dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return new ActuationResult(true, true, $"{command.Target} is already gone", null);
        }

        return Applied(command.DryRun ? $"dry run: {command.Target} would be deleted" : $"{command.Target} deleted; its controller replaces it", null);
    }

    private async Task<V1Pod?> ReadPodOrNullAsync(string name, string @namespace, CancellationToken ct)
    {
        try
        {
            return await _client.CoreV1.ReadNamespacedPodAsync(name, @namespace, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
