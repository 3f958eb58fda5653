using System.Globalization;
using k8s.Models;

namespace Juno.Actuation;

/// <summary>The NetworkPolicy that isolates one workload: its pods, no allowed ingress, no allowed egress.</summary>
internal static class IsolationPolicy
{
    public const string NamePrefix = "juno-isolate-";
    public const string IsolatedAtAnnotation = "juno.io/isolated-at";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    // Object names are DNS subdomains (253), but a label-safe 63 keeps the name usable everywhere it may be echoed.
    private const int MaxNameLength = 63;

    public static string NameFor(string workload)
    {
        var name = NamePrefix + workload;
        return name.Length <= MaxNameLength ? name : name[..MaxNameLength].TrimEnd('-', '.');
    }

    public static V1NetworkPolicy Build(string name, string @namespace, V1LabelSelector podSelector, Guid actionId, DateTimeOffset at) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            Labels = new Dictionary<string, string> { [ManagedByLabel] = "juno" },
            Annotations = new Dictionary<string, string>
            {
                [ObjectPatches.LastActionIdAnnotation] = actionId.ToString("D"),
                [IsolatedAtAnnotation] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            },
        },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector
            {
                MatchLabels = podSelector.MatchLabels is null ? null : new Dictionary<string, string>(podSelector.MatchLabels),
                MatchExpressions = podSelector.MatchExpressions,
            },
            PolicyTypes = ["Ingress", "Egress"],
            Ingress = [],
            Egress = [],
        },
    };
}
