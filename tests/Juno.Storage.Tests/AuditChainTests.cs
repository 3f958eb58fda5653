namespace Juno.Storage.Tests;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid ActionId = Guid.Parse("6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b");

    [Fact]
    public void The_hash_format_is_pinned()
    {
        // Computed independently (Python hashlib) from the documented format. If this changes, every chain
        // already stored stops verifying: a new format needs a new version tag, not an edit.
        var hash = AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod", ActionId, "approved", "alice", """{"a": 1}""", At);

        Assert.Equal(ExpectedPinnedHash, hash);
    }

    [Theory]
    [InlineData("sequence")]
    [InlineData("cluster")]
    [InlineData("action")]
    [InlineData("event")]
    [InlineData("actor")]
    [InlineData("payload")]
    [InlineData("time")]
    [InlineData("previous")]
    public void Every_field_is_covered_by_the_hash(string field)
    {
        var baseline = AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod", ActionId, "approved", "alice", "{}", At);

        var changed = field switch
        {
            "sequence" => AuditChain.ComputeHash(AuditChain.Genesis, 2, "prod", ActionId, "approved", "alice", "{}", At),
            "cluster" => AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod2", ActionId, "approved", "alice", "{}", At),
            "action" => AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod", Guid.Empty, "approved", "alice", "{}", At),
            "event" => AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod", ActionId, "rejected", "alice", "{}", At),
            "actor" => AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod", ActionId, "approved", "bob", "{}", At),
            "payload" => AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod", ActionId, "approved", "alice", "[]", At),
            "time" => AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod", ActionId, "approved", "alice", "{}", At.AddTicks(10)),
            _ => AuditChain.ComputeHash(new string('1', 64), 1, "prod", ActionId, "approved", "alice", "{}", At),
        };

        Assert.NotEqual(baseline, changed);
    }

    [Fact]
    public void Field_boundaries_cannot_be_shifted()
    {
        // Without length prefixes "ab"+"c" and "a"+"bc" would hash the same.
        Assert.NotEqual(
            AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod", ActionId, "ab", "c", "{}", At),
            AuditChain.ComputeHash(AuditChain.Genesis, 1, "prod", ActionId, "a", "bc", "{}", At));
    }

    private const string ExpectedPinnedHash = "1e8bb6cfb04275d179a94fb6d59b2620c210b9641dd8d1e6456e4e0f1a4f8207";
}
