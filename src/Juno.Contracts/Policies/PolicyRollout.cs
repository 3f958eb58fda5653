using System.Text;

namespace Juno.Contracts.Policies;

/// <summary>Which versions act and which shadow, as the workload grains read it each decision tick.</summary>
/// <param name="Candidates">Version and traffic share of every candidate, in a fixed order.</param>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyRollout")]
public sealed record PolicyRollout(
    [property: Id(0)] int Revision,
    [property: Id(1)] string Incumbent,
    [property: Id(2)] PolicyShare[] Candidates,
    [property: Id(3)] string[] Shadows)
{
    public static PolicyRollout Initial { get; } = new(0, PolicyVersion.BuiltinVersion, [], []);

    /// <summary>The version that acts on <paramref name="workload"/>: a stable hash of its key picks a point in [0, 1);
    /// candidates take consecutive slices of that range, the incumbent the rest. A workload stays in its arm for the
    /// whole test, and growing a candidate's share only adds workloads to it.</summary>
    public string ActingFor(string workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var point = BucketOf(workload);
        var start = 0.0;
        foreach (var candidate in Candidates)
        {
            if (point >= start && point < start + candidate.Share)
            {
                return candidate.Version;
            }

            start += candidate.Share;
        }

        return Incumbent;
    }

    /// <summary>FNV-1a over the key's UTF-8 bytes, to [0, 1): the same on every silo and every run. FNV's top bits
    /// barely move when keys differ only at the end (web-1, web-2...), so a 64-bit finaliser (MurmurHash3's fmix64)
    /// spreads every input bit over them first.</summary>
    public static double BucketOf(string workload)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(workload))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return (hash >> 11) / (double)(1UL << 53);
    }
}

[GenerateSerializer, Immutable]
[Alias("juno.PolicyShare")]
public sealed record PolicyShare(
    [property: Id(0)] string Version,
    [property: Id(1)] double Share);
