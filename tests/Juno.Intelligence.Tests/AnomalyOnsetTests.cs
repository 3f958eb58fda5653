namespace Juno.Intelligence.Tests;

public sealed class AnomalyOnsetTests
{
    private const long Minute = 60_000;

    [Fact]
    public void FirstSampleOfARunKeepsItsScoreAndTheRestOfTheRunIsSuppressed()
    {
        var onset = new AnomalyOnset(TimeSpan.FromHours(1));

        Assert.Equal(0.1, onset.Update(0, 0.1), 12);
        // carried = 0.1 * e^(-5/60); onset = 0.95 * (1 - carried)
        Assert.Equal(0.95 * (1 - (0.1 * Math.Exp(-5.0 / 60))), onset.Update(5 * Minute, 0.95), 12);
        // carried = 0.95 * e^(-5/60) ~ 0.874; the run goes on at 0.95 and reads ~0.12
        Assert.Equal(0.95 * (1 - (0.95 * Math.Exp(-5.0 / 60))), onset.Update(10 * Minute, 0.95), 12);
    }

    [Fact]
    public void MemoryFadesSoALaterAnomalyScoresAgain()
    {
        var onset = new AnomalyOnset(TimeSpan.FromHours(1));
        onset.Update(0, 1.0);

        var fourHoursLater = onset.Update(240 * Minute, 1.0);

        Assert.Equal(1 - Math.Exp(-4), fourHoursLater, 12);
        Assert.True(fourHoursLater > 0.98);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void ScoresOutsideTheUnitIntervalAreRefused(double score) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyOnset().Update(0, score));

    [Fact]
    public void SnapshotRoundTripGivesIdenticalScores()
    {
        var original = new AnomalyOnset(TimeSpan.FromHours(2));
        original.Update(0, 0.2);
        original.Update(5 * Minute, 0.9);

        AnomalyOnset restored = SnapshotRoundTrip.Read(SnapshotRoundTrip.Bytes(original.WriteTo), AnomalyOnset.ReadFrom);

        Assert.Equal(original.Memory, restored.Memory);
        for (int i = 2; i < 60; i++)
        {
            double score = (i * 37 % 10) / 10.0;
            Assert.Equal(original.Update(i * 5 * Minute, score), restored.Update(i * 5 * Minute, score));
        }
    }
}
