namespace Juno.Contracts.Threats;

/// <summary>The behavioural samples for one entity that travel in one grain call, oldest first.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.BehaviourBatch")]
public sealed record BehaviourBatch([property: Id(0)] BehaviourSample[] Samples)
{
    /// <summary>Largest batch one grain call accepts; behaviour is sampled per interval, so this is days of it.</summary>
    public const int MaxSamples = 10_000;
}

/// <summary>What an entity grain did with a behaviour batch: samples not newer than the last accepted one are
/// dropped (telemetry redelivers), invalid ones are refused before anything is applied.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ThreatAnalysis")]
public sealed record ThreatAnalysis(
    [property: Id(0)] string Entity,
    [property: Id(1)] int Accepted,
    [property: Id(2)] int DroppedStale,
    [property: Id(3)] double MaxScore,
    [property: Id(4)] bool Warm,
    [property: Id(5)] ThreatAlert[] Raised);
