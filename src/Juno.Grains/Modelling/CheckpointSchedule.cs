namespace Juno.Grains.Modelling;

/// <summary>Decides when an entity grain writes its models: every N accepted samples or T after the
/// first unsaved one. Writing per sample would make PostgreSQL the bottleneck; the time-series record
/// of truth is the user's Prometheus, so losing a few minutes of model updates on a crash is acceptable.</summary>
internal sealed class CheckpointSchedule(int everySamples, TimeSpan interval)
{
    private int _unsavedSamples;
    private DateTimeOffset? _firstUnsavedAt;

    public bool HasUnsavedWork => _unsavedSamples > 0;

    public void Record(int acceptedSamples, DateTimeOffset now)
    {
        if (acceptedSamples <= 0)
        {
            return;
        }

        _unsavedSamples += acceptedSamples;
        _firstUnsavedAt ??= now;
    }

    public bool IsDue(DateTimeOffset now) =>
        _unsavedSamples >= everySamples || (_firstUnsavedAt is { } first && now - first >= interval);

    public void Saved()
    {
        _unsavedSamples = 0;
        _firstUnsavedAt = null;
    }
}
