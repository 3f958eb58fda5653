using System.Globalization;
using k8s;
using k8s.Models;

namespace Juno.Actuation;

/// <summary>Rollback of a Deployment to its previous ReplicaSet, as <c>kubectl rollout undo</c> does it.</summary>
public sealed partial class KubernetesActuator
{
    /// <summary>The revision the Deployment controller writes on the Deployment and each of its ReplicaSets.</summary>
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <summary>The label the controller adds to each ReplicaSet's template; a Deployment's own template never carries it.</summary>
    private const string PodTemplateHashLabel = "pod-template-hash";

    /// <summary>
    /// Replaces the Deployment's pod template with that of its ReplicaSet of the highest revision below the current one,
    /// in one PUT carrying the resourceVersion of the read (a concurrent rollout makes it a 409 and a fresh try) and the
    /// action id (a retried rollback applies once). The controller then rolls the pods as for any template change.
    /// </summary>
    private async Task<ActuationResult> RollbackAsync(ActuationCommand command, CancellationToken ct)
    {
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(command.Name, command.Namespace, cancellationToken: ct).ConfigureAwait(false);
        if (ObjectPatches.CarriesAction(deployment.Metadata, command.ActionId))
        {
            return AlreadyApplied(command, DesiredReplicas(deployment));
        }

        var selector = deployment.Spec?.Selector?.MatchLabels is { Count: > 0 } labels
            ? string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))
            : throw new ActuationException(ActuationFailure.Invalid, $"{command.Target} has no matchLabels selector to find its ReplicaSets by");
        var owned = (await _client.AppsV1.ListNamespacedReplicaSetAsync(command.Namespace, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false))
            .Items
            .Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Uid == deployment.Metadata.Uid) ?? false)
            .Select(rs => (Revision: Revision(rs.Metadata), ReplicaSet: rs))
            .Where(r => r.Revision > 0)
            .OrderByDescending(r => r.Revision)
            .ToList();
        var current = Revision(deployment.Metadata) is > 0 and var revision ? revision : owned.Select(r => r.Revision).DefaultIfEmpty(0).First();
        var previous = owned.FirstOrDefault(r => r.Revision < current);
        if (previous.ReplicaSet is null)
        {
            throw new ActuationException(ActuationFailure.Invalid, $"{command.Target} has no revision before {current} to roll back to");
        }

        var template = previous.ReplicaSet.Spec.Template;
        template.Metadata?.Labels?.Remove(PodTemplateHashLabel);
        deployment.Spec!.Template = template;
        deployment.Metadata.Annotations ??= new Dictionary<string, string>();
        deployment.Metadata.Annotations[ObjectPatches.LastActionIdAnnotation] = command.ActionId.ToString("D");
        var written = await _client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, command.Name, command.Namespace,
            dryRun: DryRun(command), cancellationToken: ct).ConfigureAwait(false);

        var detail = $"{command.Target} rolled back from revision {current} to the template of revision {previous.Revision} (ReplicaSet {previous.ReplicaSet.Metadata.Name})";
        return Applied(command.DryRun ? $"dry run: {detail}" : detail, DesiredReplicas(written));
    }

    private static long Revision(V1ObjectMeta? metadata) =>
        metadata?.Annotations is { } annotations && annotations.TryGetValue(RevisionAnnotation, out var value)
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : 0;
}
