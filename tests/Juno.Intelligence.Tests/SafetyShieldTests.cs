namespace Juno.Intelligence.Tests;

public sealed class SafetyShieldTests
{
    [Theory]
    [InlineData(5, 1, 10, false, true, new[] { true, true, true, true, true, true })]
    [InlineData(9, 1, 10, false, true, new[] { true, true, false, true, true, true })]
    [InlineData(10, 1, 10, false, false, new[] { true, false, false, true, true, false })]
    [InlineData(2, 1, 10, false, true, new[] { true, true, true, true, false, true })]
    [InlineData(1, 1, 10, false, true, new[] { true, true, true, false, false, true })]
    [InlineData(5, 1, 10, true, true, new[] { true, false, false, false, false, true })]
    [InlineData(3, 3, 3, false, false, new[] { true, false, false, false, false, false })]
    [InlineData(14, 1, 10, false, false, new[] { true, false, false, true, true, false })]
    public void MasksActionsThatBreakHardLimits(int replicas, int min, int max, bool cooldown, bool restartAllowed, bool[] expected)
    {
        Span<bool> allowed = stackalloc bool[AgentActions.Count];
        allowed.Fill(false);

        SafetyShield.Mask(replicas, min, max, cooldown, restartAllowed, allowed);

        Assert.Equal(expected, allowed.ToArray());
    }

    [Fact]
    public void RejectsAShortMaskAndInvertedBounds()
    {
        Assert.Throws<ArgumentException>(() => SafetyShield.Mask(1, 1, 2, false, false, new bool[AgentActions.Count - 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SafetyShield.Mask(1, 3, 2, false, false, new bool[AgentActions.Count]));
    }
}
