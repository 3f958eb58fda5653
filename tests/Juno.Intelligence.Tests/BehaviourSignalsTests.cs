using Juno.Intelligence;

namespace Juno.Intelligence.Tests;

public sealed class BehaviourSignalsTests
{
    [Fact]
    public void WireNamesRoundTripInSpanOrder()
    {
        string[] expected =
            ["connections_opened", "distinct_destinations", "egress_bytes", "auth_failures", "privileged_process_starts", "dns_queries"];
        Assert.Equal(BehaviourSignals.Count, BehaviourSignals.All.Count);
        Assert.Equal(expected, BehaviourSignals.All.Select(s => s.WireName()));
        for (int i = 0; i < BehaviourSignals.Count; i++)
        {
            Assert.Equal(i, (int)BehaviourSignals.All[i]);
            Assert.True(BehaviourSignals.TryParse(expected[i], out BehaviourSignal parsed));
            Assert.Equal(BehaviourSignals.All[i], parsed);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Egress_Bytes")]
    [InlineData("cpu")]
    public void UnknownWireNamesDoNotParse(string? name) => Assert.False(BehaviourSignals.TryParse(name, out _));

    [Fact]
    public void WireNameOfAValueOutsideTheEnumThrows() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((BehaviourSignal)6).WireName());
}
