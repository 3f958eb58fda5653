namespace Juno.Intelligence.Tests;

public sealed class DiagnosisMathTests
{
    [Theory]
    [InlineData(1.959963984540054, 0.025)]
    [InlineData(0, 0.5)]
    [InlineData(-1.6448536269514722, 0.95)]
    [InlineData(3.090232306167813, 0.001)]
    public void NormalUpperTailMatchesTables(double z, double tail) =>
        Assert.Equal(tail, NormalTail.Upper(z), tolerance: 2e-7 * Math.Max(1, tail));

    [Fact]
    public void NormalTailStaysAccurateFarPastUnderflowOfOneMinusPhi()
    {
        // P(Z > 10) = 7.619853e-24; relative accuracy holds in log space.
        Assert.Equal(Math.Log(7.619853024160527e-24), NormalTail.LogUpper(10), tolerance: 1e-6);
        Assert.True(double.IsFinite(NormalTail.LogUpper(1e6)));
    }

    [Theory]
    [InlineData(3.841458820694124, 1, 0.05)]
    [InlineData(5.991464547107979, 2, 0.05)]
    [InlineData(7.814727903251178, 3, 0.05)]
    [InlineData(9.487729036781154, 4, 0.05)]
    [InlineData(11.070497693516351, 5, 0.05)]
    [InlineData(15.08627246938899, 5, 0.01)]
    public void ChiSquareTailMatchesCriticalValues(double x, int degreesOfFreedom, double tail) =>
        Assert.Equal(Math.Log(tail), ChiSquareTail.LogUpper(x, degreesOfFreedom), tolerance: 1e-5);

    [Fact]
    public void EquivalentZIsTheIdentityForOneMetricAndDiscountsForMore()
    {
        Assert.Equal(7, ChiSquareTail.EquivalentZ(49, 1), tolerance: 1e-9);
        Assert.Equal(1.959963984540054, ChiSquareTail.EquivalentZ(11.070497693516351, 5), tolerance: 1e-4);
        Assert.True(ChiSquareTail.EquivalentZ(49, 5) < 7);
        Assert.Equal(0, ChiSquareTail.EquivalentZ(0, 5));
    }

    [Fact]
    public void FirstPassageWithoutDriftIsTwiceTheChanceOfEndingAbove()
    {
        double p = FirstPassage.Probability(distance: 1.959963984540054, meanDisplacement: 0, variance: 1);
        Assert.Equal(0.05, p, tolerance: 1e-6);
    }
}
