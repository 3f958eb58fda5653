using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Tests;

public sealed class ScaledSigmoidTests
{
    [Theory]
    [InlineData(-1.0, 0.9866142981514305)]
    [InlineData(-0.5, 0.8482836399575129)]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, -0.8482836399575129)]
    [InlineData(1.0, -0.9866142981514305)]
    [InlineData(3.0, -0.9999993881955461)]
    [InlineData(3.0001, -1.0)]
    [InlineData(50.0, -1.0)]
    public void MatchesTwoOverOnePlusExpFiveXMinusOneAndIsMinusOneBeyondThree(double x, double expected) =>
        Assert.Equal(expected, ScaledSigmoid.Of(x), 1e-10);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 15)]
    [InlineData(1624, 243)]
    [InlineData(4032, 604)]
    [InlineData(4999, 749)]
    [InlineData(5000, 750)]
    [InlineData(15_000, 750)]
    public void ProbationIsFifteenPercentFlooredCappedAt750(int rows, int expected) =>
        Assert.Equal(expected, Probation.Length(rows));
}
