using Juno.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Juno.Storage.Tests;

/// <summary>
/// Someone with database access changes the audit log behind the store's back. The append-only trigger stops
/// casual edits; a superuser can disable it, which is what these tests do, and the verifier must still notice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditTamperingTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Cluster = "prod";
    private string _connectionString = "";
    private ServiceProvider _services = null!;
    private IJunoRecordStore _store = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await MigratedDatabase.CreateAsync(postgres);
        _services = new ServiceCollection().AddJunoRecordStore(_connectionString).BuildServiceProvider();
        _store = _services.GetRequiredService<IJunoRecordStore>();
        var at = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 4; i++)
        {
            await _store.AppendAuditAsync(new AuditEntry(Cluster, Guid.NewGuid(), "approved", "alice", $$"""{"step": {{i}}}""", at.AddSeconds(i)));
        }
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task The_untouched_chain_verifies() =>
        Assert.Equal(new AuditVerification(true, 4, null, null), await _store.VerifyAuditChainAsync(Cluster));

    [Fact]
    public async Task The_log_refuses_updates_and_deletes()
    {
        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            Sql.ExecuteAsync(_connectionString, "UPDATE audit_log SET actor = 'mallory' WHERE sequence = 2"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            Sql.ExecuteAsync(_connectionString, "DELETE FROM audit_log WHERE sequence = 2"));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() =>
            Sql.ExecuteAsync(_connectionString, "TRUNCATE audit_log"));

        Assert.All(new[] { update, delete, truncate }, e => Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState));
        Assert.Equal(new AuditVerification(true, 4, null, null), await _store.VerifyAuditChainAsync(Cluster));
    }

    [Fact]
    public async Task An_edited_row_is_reported_at_its_sequence()
    {
        await TamperAsync("UPDATE audit_log SET payload = '{\"step\": 20}' WHERE sequence = 2");

        var verification = await _store.VerifyAuditChainAsync(Cluster);

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBrokenSequence);
        Assert.Equal(2, verification.RowsChecked);
        Assert.Contains("altered", verification.Problem);
    }

    [Fact]
    public async Task An_edited_row_with_a_recomputed_hash_breaks_the_next_link()
    {
        var original = (await _store.ReadAuditAsync(Cluster))[1];
        var forged = original with { Actor = "mallory" };
        await TamperAsync($"UPDATE audit_log SET actor = 'mallory', hash = '{AuditChain.ComputeHash(forged)}' WHERE sequence = 2");

        var verification = await _store.VerifyAuditChainAsync(Cluster);

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Contains("does not link", verification.Problem);
    }

    [Fact]
    public async Task A_deleted_row_is_reported_as_the_missing_sequence()
    {
        await TamperAsync("DELETE FROM audit_log WHERE sequence = 3");

        var verification = await _store.VerifyAuditChainAsync(Cluster);

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Contains("missing", verification.Problem);
    }

    [Fact]
    public async Task Deleting_the_newest_rows_is_caught_by_the_recorded_head()
    {
        await TamperAsync("DELETE FROM audit_log WHERE sequence >= 3");

        var verification = await _store.VerifyAuditChainAsync(Cluster);

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal(2, verification.RowsChecked);
        Assert.Contains("removed from the end", verification.Problem);
    }

    [Fact]
    public async Task Appends_continue_the_chain_after_verification()
    {
        var next = await _store.AppendAuditAsync(new AuditEntry(Cluster, Guid.NewGuid(), "executed", "actuator", "{}", DateTimeOffset.UtcNow));

        Assert.Equal(5, next.Sequence);
        Assert.Equal(new AuditVerification(true, 5, null, null), await _store.VerifyAuditChainAsync(Cluster));
    }

    private Task TamperAsync(string sql) => Sql.ExecuteAsync(_connectionString,
        $"ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; {sql}; ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;");
}
