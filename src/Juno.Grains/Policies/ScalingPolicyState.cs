using Juno.Contracts.Policies;

namespace Juno.Grains.Policies;

/// <summary>The registry's persisted state and the rules for changing roles. At most
/// <see cref="MaxShadows"/> shadows: each one is an extra inference per workload per tick.</summary>
[GenerateSerializer]
[Alias("juno.ScalingPolicyState")]
internal sealed class ScalingPolicyState
{
    public const int MaxShadows = 3;

    /// <summary>Role changes kept per version (the audit log keeps all).</summary>
    public const int MaxRoleChanges = 50;

    [Id(0)] public List<StoredPolicy> Versions { get; set; } = [];
    [Id(1)] public int NextNumber { get; set; } = 1;
    [Id(2)] public int Revision { get; set; }
    [Id(3)] public Dictionary<string, PolicyTotals> Totals { get; set; } = new(StringComparer.Ordinal);

    public StoredPolicy Find(string version) =>
        Versions.Find(v => v.Info.Version == version) ?? throw new PolicyNotFoundException(version);

    public PolicyRollout Rollout() => new(
        Revision,
        Versions.Find(v => v.Info.Role == PolicyRole.Incumbent)?.Info.Version ?? PolicyVersion.BuiltinVersion,
        [.. Versions.Where(v => v.Info.Role == PolicyRole.Candidate).OrderBy(v => v.Info.CreatedAt).Select(v => new PolicyShare(v.Info.Version, v.Info.TrafficShare))],
        [.. Versions.Where(v => v.Info.Role == PolicyRole.Shadow).Select(v => v.Info.Version)]);

    /// <summary>Applies <paramref name="request"/> to <paramref name="version"/>: the target's role, and the incumbent's
    /// retirement when another version is promoted. Returns the changes made, the target's first.</summary>
    /// <exception cref="PolicyConflictException">The change does not fit the current roles.</exception>
    public IReadOnlyList<(StoredPolicy Policy, PolicyRoleChange Change)> ChangeRole(string version, PolicyRoleRequest request, DateTimeOffset now)
    {
        var target = Find(version);
        var from = target.Info.Role;
        if (from is PolicyRole.Training or PolicyRole.Failed)
        {
            throw new PolicyConflictException($"{version} is {from.ToString().ToLowerInvariant()}: only a trained version can be given a role.");
        }

        if (from == PolicyRole.Incumbent && request.Role != PolicyRole.Incumbent)
        {
            throw new PolicyConflictException($"{version} is the incumbent: promote another version instead (rolling back is promoting the previous one).");
        }

        var share = 0.0;
        switch (request.Role)
        {
            case PolicyRole.Candidate:
                share = request.TrafficShare!.Value;
                var others = Versions.Where(v => v != target && v.Info.Role == PolicyRole.Candidate).Sum(v => v.Info.TrafficShare);
                if (others + share > PolicyRoleRequest.MaxCandidateShare + 1e-9)
                {
                    throw new PolicyConflictException($"candidates already act on {others:P0} of workloads; with {share:P0} more they would pass {PolicyRoleRequest.MaxCandidateShare:P0}.");
                }

                break;
            case PolicyRole.Shadow when from != PolicyRole.Shadow && Versions.Count(v => v.Info.Role == PolicyRole.Shadow) >= MaxShadows:
                throw new PolicyConflictException($"{MaxShadows} versions are already shadowing; retire one first.");
        }

        var changes = new List<(StoredPolicy, PolicyRoleChange)> { (target, Apply(target, request.Role, share, request, now)) };
        if (request.Role == PolicyRole.Incumbent && from != PolicyRole.Incumbent)
        {
            foreach (var previous in Versions.Where(v => v != target && v.Info.Role == PolicyRole.Incumbent).ToList())
            {
                changes.Add((previous, Apply(previous, PolicyRole.Retired, 0, request with { Reason = $"{version} promoted: {request.Reason}" }, now)));
            }
        }

        Revision++;
        return changes;
    }

    private static PolicyRoleChange Apply(StoredPolicy policy, PolicyRole role, double share, PolicyRoleRequest request, DateTimeOffset now)
    {
        var change = new PolicyRoleChange(policy.Info.Role, role, share, request.Actor, request.Reason ?? "", now);
        policy.Info = policy.Info with
        {
            Role = role,
            TrafficShare = share,
            RoleChanges = [.. policy.Info.RoleChanges.TakeLast(MaxRoleChanges - 1), change],
        };
        return change;
    }
}
