using System.Diagnostics.CodeAnalysis;

namespace Juno.Contracts.Keys;

/// <summary>Grain keys are validated strings. A malformed key is refused at the edge so it never
/// becomes a grain activation (and never a row in storage).</summary>
public static class EntityKeys
{
    /// <summary>Kubernetes object names are DNS-1123 labels or subdomains; we accept the subdomain form.</summary>
    public const int MaxSegmentLength = 253;

    public static string Workload(string tenant, string cluster, string @namespace, string name) =>
        Join(nameof(tenant), tenant, nameof(cluster), cluster, nameof(@namespace), @namespace, nameof(name), name);

    public static string Node(string cluster, string node) =>
        Join(nameof(cluster), cluster, nameof(node), node);

    public static string Tenant(string tenant) => Join(nameof(tenant), tenant);

    public static string Cluster(string cluster) => Join(nameof(cluster), cluster);

    public static bool TryParseWorkload(string? key, [NotNullWhen(true)] out WorkloadKey? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (!TrySplit(key, 4, "tenant/cluster/namespace/name", out var parts, out error))
        {
            return false;
        }

        parsed = new WorkloadKey(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    public static bool TryParseNode(string? key, [NotNullWhen(true)] out NodeKey? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (!TrySplit(key, 2, "cluster/node", out var parts, out error))
        {
            return false;
        }

        parsed = new NodeKey(parts[0], parts[1]);
        return true;
    }

    public static bool IsValidSegment(string? segment, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(segment))
        {
            error = "is empty";
            return false;
        }

        if (segment.Length > MaxSegmentLength)
        {
            error = $"is longer than {MaxSegmentLength} characters";
            return false;
        }

        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            var alnum = c is >= 'a' and <= 'z' or >= '0' and <= '9';
            var inner = c is '-' or '.';
            if (!alnum && !(inner && i > 0 && i < segment.Length - 1))
            {
                error = $"has '{c}' at position {i}: use lowercase letters, digits, '-' and '.', starting and ending alphanumeric";
                return false;
            }
        }

        error = null;
        return true;
    }

    private static bool TrySplit(string? key, int count, string shape, out string[] parts, [NotNullWhen(false)] out string? error)
    {
        parts = key?.Split('/') ?? [];
        if (parts.Length != count)
        {
            error = $"Key '{key}' must have the shape {shape}.";
            return false;
        }

        foreach (var part in parts)
        {
            if (!IsValidSegment(part, out var segmentError))
            {
                error = $"Key '{key}': segment '{part}' {segmentError}.";
                return false;
            }
        }

        error = null;
        return true;
    }

    private static string Join(params string[] namesAndValues)
    {
        var values = new string[namesAndValues.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            var name = namesAndValues[2 * i];
            var value = namesAndValues[2 * i + 1];
            if (!IsValidSegment(value, out var error))
            {
                throw new InvalidEntityKeyException($"The {name} '{value}' {error}.");
            }

            values[i] = value;
        }

        return string.Join('/', values);
    }
}

[GenerateSerializer, Immutable]
[Alias("juno.WorkloadKey")]
public sealed record WorkloadKey(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Cluster,
    [property: Id(2)] string Namespace,
    [property: Id(3)] string Name)
{
    public override string ToString() => $"{Tenant}/{Cluster}/{Namespace}/{Name}";
}

[GenerateSerializer, Immutable]
[Alias("juno.NodeKey")]
public sealed record NodeKey([property: Id(0)] string Cluster, [property: Id(1)] string Node)
{
    public override string ToString() => $"{Cluster}/{Node}";
}

/// <summary>Thrown when a tenant, cluster, namespace, workload or node name cannot be a grain key.</summary>
[GenerateSerializer]
[Alias("juno.InvalidEntityKeyException")]
public sealed class InvalidEntityKeyException(string message) : ArgumentException(message);
