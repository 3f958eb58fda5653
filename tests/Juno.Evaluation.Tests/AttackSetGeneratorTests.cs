using Juno.Evaluation.Threats;
using Juno.Intelligence;

namespace Juno.Evaluation.Tests;

public sealed class AttackSetGeneratorTests
{
    private static readonly AttackSetOptions Small = new() { Entities = 24, Days = 4 };

    [Fact]
    public void SameSeedGivesTheSameFleetAndAnotherSeedDoesNot()
    {
        AttackSet first = AttackSetGenerator.Generate(Small);
        AttackSet again = AttackSetGenerator.Generate(Small);
        AttackSet other = AttackSetGenerator.Generate(Small with { Seed = Small.Seed + 1 });

        for (int e = 0; e < first.Entities.Count; e++)
        {
            Assert.Equal(first.Entities[e].Signals, again.Entities[e].Signals);
            Assert.Equal(first.Entities[e].Cpu, again.Entities[e].Cpu);
            Assert.Equal(first.Entities[e].BenignBurst, again.Entities[e].BenignBurst);
            Assert.Equal(first.Entities[e].BenignSurge, again.Entities[e].BenignSurge);
            Assert.Equal(first.Entities[e].Episode, again.Entities[e].Episode);
        }

        Assert.NotEqual(first.Entities[0].Signals, other.Entities[0].Signals);
    }

    [Fact]
    public void AddingEntitiesLeavesTheExistingOnesAlone()
    {
        AttackSet small = AttackSetGenerator.Generate(Small);
        AttackSet larger = AttackSetGenerator.Generate(Small with { Entities = 48 });

        for (int e = 0; e < small.Entities.Count; e++)
        {
            Assert.Equal(small.Entities[e].Signals, larger.Entities[e].Signals);
            Assert.Equal(small.Entities[e].Episode, larger.Entities[e].Episode);
        }
    }

    [Fact]
    public void AttacksAreBalancedAcrossClassesAndComeAfterTheQuietDays()
    {
        AttackSetOptions options = Small with { Entities = 200 };
        AttackSet set = AttackSetGenerator.Generate(options);
        AttackEpisode[] episodes = [.. set.Episodes];
        int quietEnd = options.QuietDays * options.SamplesPerDay;

        Assert.InRange(episodes.Length, 100, 140);
        int[] perClass = [.. episodes.GroupBy(e => e.Class).Select(g => g.Count())];
        Assert.Equal(4, perClass.Length);
        Assert.True(perClass.Max() - perClass.Min() <= 1, $"classes per episode: {string.Join(", ", perClass)}");
        Assert.All(episodes, e =>
        {
            Assert.InRange(e.Start, quietEnd, (options.Days * options.SamplesPerDay) - 1);
            Assert.InRange(e.End, e.Start + 1, options.Days * options.SamplesPerDay);
            Assert.InRange(e.Intensity, 0, 1);
        });
        Assert.Contains(episodes, e => e.IsSubtle);
        // Backups every night for some; deploys on 60% of days for workloads — a workload may go four days without one.
        Assert.InRange(set.Entities.Count(e => e.BenignBurst.Contains(true)), 190, 200);
        Assert.All(set.Entities, e => Assert.All(e.Signals, v => Assert.True(v >= 0 && double.IsFinite(v))));
    }

    [Fact]
    public void SurgesComeToAboutHalfTheEntitiesAndNeverMeetAnAttack()
    {
        AttackSet set = AttackSetGenerator.Generate(Small with { Entities = 200 });

        // Half the entities surge, each on about half its days, so nearly every one of them surges at least once.
        Assert.InRange(set.Entities.Count(e => e.BenignSurge.Contains(true)), 70, 130);
        Assert.All(set.Entities, e => Assert.DoesNotContain(Enumerable.Range(0, e.Count), s => e.BenignSurge[s] && e.IsAttack(s)));
    }
}
