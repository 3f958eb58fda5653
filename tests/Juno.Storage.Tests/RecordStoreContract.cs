using System.Text.Json.Nodes;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Status;
using Juno.Contracts.Threats;

namespace Juno.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IJunoRecordStore"/> must have. Run once against PostgreSQL and once against
/// the in-memory store, so "same semantics" is checked rather than assumed.
/// </summary>
public abstract class RecordStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected IJunoRecordStore Store { get; private set; } = null!;

    protected abstract Task<IJunoRecordStore> CreateStoreAsync();

    protected abstract bool ExpectedDurable { get; }

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public void Reports_whether_it_is_durable() => Assert.Equal(ExpectedDurable, Store.IsDurable);

    [Fact]
    public async Task Audit_entries_form_a_gap_free_hash_chain_per_cluster()
    {
        var cluster = NewName("cluster");
        var other = NewName("other");
        var action = Guid.NewGuid();

        var first = await Store.AppendAuditAsync(new AuditEntry(cluster, action, "proposed", "agent", """{"risk": 0.2}""", T0));
        await Store.AppendAuditAsync(new AuditEntry(other, action, "proposed", "agent", "{}", T0));
        var second = await Store.AppendAuditAsync(new AuditEntry(cluster, action, "approved", "alice", """{"comment": "ok"}""", T0.AddSeconds(1)));
        var third = await Store.AppendAuditAsync(new AuditEntry(cluster, Guid.NewGuid(), "refused", "governance", "[1, 2]", T0.AddSeconds(2)));

        Assert.Equal([1L, 2L, 3L], new[] { first.Sequence, second.Sequence, third.Sequence });
        Assert.Equal(AuditChain.Genesis, first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(second.Hash, third.PreviousHash);
        Assert.All(new[] { first, second, third }, r => Assert.Equal(AuditChain.ComputeHash(r), r.Hash));
        Assert.Equal(new AuditVerification(true, 3, null, null), await Store.VerifyAuditChainAsync(cluster));
        Assert.Equal(new AuditVerification(true, 1, null, null), await Store.VerifyAuditChainAsync(other));
        Assert.Equal(new AuditVerification(true, 0, null, null), await Store.VerifyAuditChainAsync(NewName("empty")));
    }

    [Fact]
    public async Task Concurrent_appends_to_one_cluster_are_serialised()
    {
        var cluster = NewName("cluster");

        var appended = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() =>
            Store.AppendAuditAsync(new AuditEntry(cluster, Guid.NewGuid(), "proposed", $"agent-{i}", "{}", T0.AddMilliseconds(i))))));

        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), appended.Select(r => r.Sequence).Order());
        Assert.Equal(new AuditVerification(true, 24, null, null), await Store.VerifyAuditChainAsync(cluster));
    }

    [Fact]
    public async Task Reading_the_audit_returns_the_newest_entries_oldest_first_optionally_for_one_action()
    {
        var cluster = NewName("cluster");
        var watched = Guid.NewGuid();
        for (var i = 0; i < 6; i++)
        {
            var action = i % 2 == 0 ? watched : Guid.NewGuid();
            await Store.AppendAuditAsync(new AuditEntry(cluster, action, $"event-{i}", "agent", "{}", T0.AddSeconds(i)));
        }

        var all = await Store.ReadAuditAsync(cluster);
        var newestFour = await Store.ReadAuditAsync(cluster, max: 4);
        var forAction = await Store.ReadAuditAsync(cluster, watched);
        var newestTwoForAction = await Store.ReadAuditAsync(cluster, watched, max: 2);

        Assert.Equal(["event-0", "event-1", "event-2", "event-3", "event-4", "event-5"], all.Select(r => r.Event));
        Assert.Equal([3L, 4L, 5L, 6L], newestFour.Select(r => r.Sequence));
        Assert.Equal(["event-0", "event-2", "event-4"], forAction.Select(r => r.Event));
        Assert.Equal(["event-2", "event-4"], newestTwoForAction.Select(r => r.Event));
    }

    [Fact]
    public async Task Stored_times_are_utc_instants_with_microsecond_precision()
    {
        var cluster = NewName("cluster");
        var local = new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);

        var appended = await Store.AppendAuditAsync(new AuditEntry(cluster, Guid.NewGuid(), "proposed", "agent", "{}", local));

        Assert.Equal(TimeSpan.Zero, appended.At.Offset);
        Assert.Equal(local.UtcTicks - 7, appended.At.UtcTicks);
        Assert.Equal(appended, (await Store.ReadAuditAsync(cluster)).Single());
    }

    [Fact]
    public async Task Audit_payloads_that_are_not_json_are_refused()
    {
        var cluster = NewName("cluster");

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.AppendAuditAsync(new AuditEntry(cluster, Guid.NewGuid(), "proposed", "agent", "{not json", T0)));

        Assert.Empty(await Store.ReadAuditAsync(cluster));
    }

    [Fact]
    public async Task Actions_round_trip_and_upserts_replace_them()
    {
        var action = NewAction("proposed");
        await Store.UpsertActionAsync(action);
        var proposed = await Store.GetActionAsync(action.ActionId);

        var decided = action with
        {
            Status = "succeeded",
            Verdict = "AutoApproved",
            UpdatedAt = T0.AddMinutes(1),
            OutcomeJson = """{"observedReplicas": 5, "detail": "scaled"}""",
        };
        await Store.UpsertActionAsync(decided);
        var stored = await Store.GetActionAsync(action.ActionId);

        AssertSameAction(action, proposed);
        AssertSameAction(decided, stored);
        Assert.Null(await Store.GetActionAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Execution_begins_exactly_once_even_under_concurrent_callers()
    {
        var action = NewAction(ActionStatuses.Approved);
        await Store.UpsertActionAsync(action);
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 16)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                return await Store.TryBeginExecutionAsync(action.ActionId, T0.AddMinutes(2));
            }))
            .ToArray();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(r => r));
        var executing = await Store.GetActionAsync(action.ActionId);
        Assert.Equal(ActionStatuses.Executing, executing!.Status);
        Assert.Equal(T0.AddMinutes(2), executing.UpdatedAt);
        Assert.False(await Store.TryBeginExecutionAsync(action.ActionId, T0.AddMinutes(3)));
    }

    [Fact]
    public async Task Writing_a_stale_approved_record_back_does_not_allow_a_second_execution()
    {
        var action = NewAction(ActionStatuses.Approved);
        await Store.UpsertActionAsync(action);
        Assert.True(await Store.TryBeginExecutionAsync(action.ActionId, T0.AddMinutes(1)));

        await Store.UpsertActionAsync(action);

        Assert.Equal(ActionStatuses.Approved, (await Store.GetActionAsync(action.ActionId))!.Status);
        Assert.False(await Store.TryBeginExecutionAsync(action.ActionId, T0.AddMinutes(2)));
    }

    [Fact]
    public async Task Actions_are_listed_by_cluster_and_status_oldest_first()
    {
        var first = NewAction(ActionStatuses.Approved) with { ProposedAt = T0.AddMinutes(1) };
        var second = NewAction(ActionStatuses.Approved) with { Cluster = first.Cluster, ProposedAt = T0.AddMinutes(2) };
        var elsewhere = NewAction(ActionStatuses.Approved);
        var held = NewAction("held") with { Cluster = first.Cluster };
        foreach (var action in new[] { second, elsewhere, held, first })
        {
            await Store.UpsertActionAsync(action);
        }

        Assert.True(await Store.TryBeginExecutionAsync(second.ActionId, T0.AddMinutes(3)));
        Assert.True(await Store.TryBeginExecutionAsync(first.ActionId, T0.AddMinutes(3)));
        Assert.True(await Store.TryBeginExecutionAsync(elsewhere.ActionId, T0.AddMinutes(3)));

        var executing = await Store.ListActionsByStatusAsync(first.Cluster, ActionStatuses.Executing, 10);
        Assert.Equal([first.ActionId, second.ActionId], executing.Select(a => a.ActionId));
        Assert.Equal(5, System.Text.Json.JsonDocument.Parse(executing[0].ParametersJson).RootElement.GetProperty("to").GetInt32());
        Assert.Single(await Store.ListActionsByStatusAsync(first.Cluster, ActionStatuses.Executing, 1));
        Assert.Equal([held.ActionId], (await Store.ListActionsByStatusAsync(first.Cluster, "held", 10)).Select(a => a.ActionId));
    }

    [Fact]
    public async Task Adaptations_are_appended_listed_newest_first_and_found_by_id_within_their_cluster()
    {
        var cluster = NewName("adapt");
        var first = new GovernanceAdaptation(0, cluster, null, "auto_approve_offset.ScaleOut", 0, 0.05, "10 of 10 succeeded", """{"successes": 10}""", "juno-governance", T0, null);
        var firstId = await Store.RecordAdaptationAsync(first);
        var policyId = await Store.RecordAdaptationAsync(first with { Tenant = "acme", Parameter = "policy", OldValue = null, NewValue = null, At = T0.AddMinutes(1) });
        var rollbackId = await Store.RecordAdaptationAsync(first with { OldValue = 0.05, NewValue = 0, Reason = "rollback", Actor = "alice", At = T0.AddMinutes(2), RollsBack = firstId });
        await Store.RecordAdaptationAsync(first with { Cluster = NewName("other") });

        var listed = await Store.ListAdaptationsAsync(cluster, 10);

        Assert.Equal([rollbackId, policyId, firstId], listed.Select(a => a.Id));
        Assert.True(firstId < policyId && policyId < rollbackId);
        Assert.Equal(firstId, listed[0].RollsBack);
        Assert.Equal("acme", listed[1].Tenant);
        Assert.Null(listed[1].OldValue);
        var found = await Store.GetAdaptationAsync(cluster, firstId);
        Assert.Equal(first with { Id = firstId }, found! with { EvidenceJson = first.EvidenceJson });
        Assert.Equal(10, System.Text.Json.JsonDocument.Parse(found.EvidenceJson).RootElement.GetProperty("successes").GetInt32());
        Assert.Null(await Store.GetAdaptationAsync(NewName("nowhere"), firstId));
        Assert.Single(await Store.ListAdaptationsAsync(cluster, 1));
    }

    [Fact]
    public async Task Model_files_get_consecutive_versions_per_model_and_list_without_their_bytes()
    {
        var model = NewName("model");
        var file = new ModelFile(model, 0, new string('a', 64), [1, 2, 3], 10, 6, 13, """{"window": "2026-11"}""", "alice", T0);

        var first = await Store.AddModelFileAsync(file);
        var second = await Store.AddModelFileAsync(file with { Sha256 = new string('b', 64), Onnx = [4, 5] });
        var other = await Store.AddModelFileAsync(file with { Model = NewName("other") });

        Assert.Equal((1, 2, 1), (first, second, other));
        var listed = await Store.ListModelFilesAsync(model);
        Assert.Equal([2, 1], listed.Select(f => f.Version));
        Assert.All(listed, f => Assert.Null(f.Onnx));
        var loaded = await Store.GetModelFileAsync(model, 2);
        Assert.Equal([4, 5], loaded!.Onnx);
        Assert.Equal((new string('b', 64), 10, 6, 13L, "alice"), (loaded.Sha256, loaded.InputWidth, loaded.OutputWidth, loaded.Opset, loaded.CreatedBy));
        Assert.Equal("2026-11", System.Text.Json.JsonDocument.Parse(loaded.MetadataJson).RootElement.GetProperty("window").GetString());
        Assert.Null(await Store.GetModelFileAsync(model, 3));
    }

    [Fact]
    public async Task Only_approved_known_actions_can_begin_execution()
    {
        var held = NewAction("held");
        await Store.UpsertActionAsync(held);

        Assert.False(await Store.TryBeginExecutionAsync(held.ActionId, T0));
        Assert.False(await Store.TryBeginExecutionAsync(Guid.NewGuid(), T0));
        Assert.Equal("held", (await Store.GetActionAsync(held.ActionId))!.Status);
    }

    [Fact]
    public async Task Incidents_round_trip_newest_first_per_cluster_or_across_clusters()
    {
        var east = NewName("east");
        var west = NewName("west");
        var older = NewIncident(T0, actionId: null);
        var newer = NewIncident(T0.AddMinutes(5), actionId: Guid.NewGuid());
        var elsewhere = NewIncident(T0.AddMinutes(2), actionId: null) with { Kind = EntityKind.Node, Entity = "node-7" };
        await Store.RecordIncidentAsync(east, older);
        await Store.RecordIncidentAsync(east, newer);
        await Store.RecordIncidentAsync(west, elsewhere);

        Assert.Equal([newer, older], await Store.ListIncidentsAsync(east, 10));
        Assert.Equal([newer], await Store.ListIncidentsAsync(east, 1));
        Assert.Equal([elsewhere], await Store.ListIncidentsAsync(west, 10));
        var everywhere = await Store.ListIncidentsAsync(null, 1000);
        Assert.Equal(
            [newer, elsewhere, older],
            everywhere.Where(i => i.IncidentId == older.IncidentId || i.IncidentId == newer.IncidentId || i.IncidentId == elsewhere.IncidentId));
    }

    [Fact]
    public async Task Incidents_detected_at_the_same_instant_are_listed_by_id_descending()
    {
        var cluster = NewName("cluster");
        var simultaneous = Enumerable.Range(0, 6).Select(_ => NewIncident(T0, actionId: null)).ToList();
        foreach (var incident in simultaneous)
        {
            await Store.RecordIncidentAsync(cluster, incident);
        }

        var listed = await Store.ListIncidentsAsync(cluster, 10);

        // Lower-case "D" text sorts like the uuid's bytes, which is how PostgreSQL orders uuids.
        Assert.Equal(simultaneous.OrderByDescending(i => i.IncidentId.ToString("D"), StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Recording_an_incident_again_replaces_its_details()
    {
        var cluster = NewName("cluster");
        var opened = NewIncident(T0, actionId: null);
        await Store.RecordIncidentAsync(cluster, opened);

        var handled = opened with { ActionId = Guid.NewGuid(), Summary = "scaled out to 6 replicas" };
        await Store.RecordIncidentAsync(cluster, handled);

        Assert.Equal([handled], await Store.ListIncidentsAsync(cluster, 10));
    }

    [Fact]
    public async Task Scaling_events_with_negative_replica_counts_are_refused()
    {
        await Store.RecordScalingEventAsync(new ScalingEvent(Guid.NewGuid(), NewName("cluster"), "shop/web", 2, 4, true, "ok", T0));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Store.RecordScalingEventAsync(new ScalingEvent(Guid.NewGuid(), NewName("cluster"), "shop/web", -1, 4, false, "bad", T0)));
    }

    [Fact]
    public async Task Scaling_events_are_listed_newest_first_by_cluster_entity_and_time()
    {
        var cluster = NewName("cluster");
        var first = new ScalingEvent(Guid.NewGuid(), cluster, "shop/web", 2, 4, true, "scaled", T0);
        var second = new ScalingEvent(Guid.NewGuid(), cluster, "shop/api", 3, 2, false, "refused by the API server", T0.AddMinutes(5));
        var third = new ScalingEvent(Guid.NewGuid(), cluster, "shop/web", 4, 6, true, "scaled", T0.AddMinutes(10));
        foreach (var scalingEvent in new[] { first, second, third })
        {
            await Store.RecordScalingEventAsync(scalingEvent);
        }

        await Store.RecordScalingEventAsync(first with { ActionId = Guid.NewGuid(), Cluster = NewName("other") });

        Assert.Equal([third, second, first], await Store.ListScalingEventsAsync(cluster, null, null, 10));
        Assert.Equal([third, first], await Store.ListScalingEventsAsync(cluster, "shop/web", null, 10));
        Assert.Equal([third, second], await Store.ListScalingEventsAsync(cluster, null, T0.AddMinutes(5), 10));
        Assert.Equal([third], await Store.ListScalingEventsAsync(cluster, null, null, 1));
        Assert.Empty(await Store.ListScalingEventsAsync(NewName("cluster"), null, null, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListScalingEventsAsync(cluster, null, null, 0));
    }

    [Fact]
    public async Task Threat_alerts_round_trip_with_indicators_trigger_and_forensics()
    {
        var alert = NewThreat(NewName("cluster"), T0);

        await Store.UpsertThreatAsync(alert);

        AssertSameThreat(alert, await Store.GetThreatAsync(alert.AlertId));
        Assert.Null(await Store.GetThreatAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Upserting_a_threat_again_moves_its_status_without_a_second_row()
    {
        var cluster = NewName("cluster");
        var alert = NewThreat(cluster, T0);
        await Store.UpsertThreatAsync(alert);

        var contained = alert with
        {
            Status = ThreatStatus.Contained,
            ActionId = Guid.NewGuid(),
            Playbook = [.. alert.Playbook, "isolated"],
            StatusReason = "isolate executed",
        };
        await Store.UpsertThreatAsync(contained);

        var listed = Assert.Single(await Store.ListThreatsAsync(new ThreatQuery(cluster, 10)));
        AssertSameThreat(contained, listed);
    }

    [Fact]
    public async Task Threats_are_listed_newest_first_and_filtered_by_status_entity_and_time()
    {
        var cluster = NewName("cluster");
        var old = NewThreat(cluster, T0);
        var falsePositive = NewThreat(cluster, T0.AddMinutes(1)) with { Status = ThreatStatus.FalsePositive };
        var newest = NewThreat(cluster, T0.AddMinutes(2)) with { Entity = "shop/api" };
        var elsewhere = NewThreat(NewName("other"), T0.AddMinutes(3));
        foreach (var alert in new[] { old, falsePositive, newest, elsewhere })
        {
            await Store.UpsertThreatAsync(alert);
        }

        Assert.Equal([newest.AlertId, falsePositive.AlertId, old.AlertId], Ids(await Store.ListThreatsAsync(new ThreatQuery(cluster, 10))));
        Assert.Equal([newest.AlertId, old.AlertId], Ids(await Store.ListThreatsAsync(new ThreatQuery(cluster, 10, [ThreatStatus.Open]))));
        Assert.Equal([old.AlertId], Ids(await Store.ListThreatsAsync(new ThreatQuery(cluster, 10, [ThreatStatus.Open], Entity: "shop/web"))));
        Assert.Equal([newest.AlertId, falsePositive.AlertId], Ids(await Store.ListThreatsAsync(new ThreatQuery(cluster, 10, Since: T0.AddMinutes(1)))));
        Assert.Equal([newest.AlertId], Ids(await Store.ListThreatsAsync(new ThreatQuery(cluster, 1))));
    }

    [Fact]
    public async Task A_threat_with_a_non_finite_score_is_refused_and_nothing_is_written()
    {
        var cluster = NewName("cluster");
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertThreatAsync(NewThreat(cluster, T0) with { Score = double.NaN }));

        Assert.Empty(await Store.ListThreatsAsync(new ThreatQuery(cluster, 10)));
    }

    protected static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static ActionRecord NewAction(string status) => new(
        Guid.NewGuid(), NewName("cluster"), "tenant-a", "shop/web", nameof(ActionKind.ScaleOut),
        """{"from": 3, "to": 5, "reason": "cpu"}""", status, null, 0.35, T0, T0, null);

    private static HealingIncident NewIncident(DateTimeOffset detectedAt, Guid? actionId) => new(
        Guid.NewGuid(), "shop/web", EntityKind.Workload, "cpu", 4.2, "high", detectedAt, actionId, "cpu anomaly");

    private static ThreatAlert NewThreat(string cluster, DateTimeOffset detectedAt) => new(
        Guid.NewGuid(), cluster, "shop/web", EntityKind.Workload, ThreatCategory.Exfiltration, ThreatLevel.High, 0.91, 0.8,
        [new ThreatIndicatorView("egress_bytes", 9.5e8, 2.1e6, 6.2)],
        new BehaviourSample(detectedAt.ToUnixTimeMilliseconds(), 12, 3, 9.5e8, 0, 0, 40),
        detectedAt, ThreatStatus.Open, ["forensics collected", "incident opened"], null, Guid.NewGuid())
    {
        Forensics = [new BehaviourSample(detectedAt.AddMinutes(-1).ToUnixTimeMilliseconds(), 10, 3, 2e6, 0, 0, 38, 0.4)],
        StatusReason = "raised by juno-threats",
    };

    private static Guid[] Ids(IReadOnlyList<ThreatAlert> alerts) => [.. alerts.Select(a => a.AlertId)];

    /// <summary>Alerts hold arrays, which records compare by reference; the contents are compared here.</summary>
    private static void AssertSameThreat(ThreatAlert expected, ThreatAlert? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            expected with { Indicators = [], Playbook = [], Forensics = [], Trigger = default },
            actual with { Indicators = [], Playbook = [], Forensics = [], Trigger = default });
        Assert.Equal(expected.Indicators, actual.Indicators);
        Assert.Equal(expected.Playbook, actual.Playbook);
        Assert.Equal(expected.Trigger, actual.Trigger);
        Assert.Equal(expected.Forensics, actual.Forensics);
    }

    /// <summary>JSON comes back in the store's own rendering, so it is compared as JSON.</summary>
    private static void AssertSameAction(ActionRecord expected, ActionRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { ParametersJson = "", OutcomeJson = null }, actual with { ParametersJson = "", OutcomeJson = null });
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.ParametersJson), JsonNode.Parse(actual.ParametersJson)));
        Assert.Equal(expected.OutcomeJson is null, actual.OutcomeJson is null);
        if (expected.OutcomeJson is not null)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.OutcomeJson), JsonNode.Parse(actual.OutcomeJson!)));
        }
    }
}
