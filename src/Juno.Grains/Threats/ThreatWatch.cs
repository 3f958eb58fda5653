using Juno.Contracts.Threats;
using Juno.Intelligence;

namespace Juno.Grains.Threats;

/// <summary>
/// One entity's threat detection as a grain runs it: the behaviour ordering gate, the <see cref="ThreatDetector"/>,
/// a ring of recent behaviour kept for forensics, and episodes, so an attack that goes on for an hour is one alert,
/// not one per sample. The detector (a forest of a few hundred KB) is created on the first behaviour sample, so
/// entities nobody sends behaviour for cost nothing for it.
/// </summary>
internal sealed class ThreatWatch
{
    /// <summary>Samples of recent behaviour copied into a high-severity alert.</summary>
    public const int ForensicsDepth = 32;

    private const byte FormatVersion = 1;

    private readonly ThreatDetectorOptions _options;
    private readonly int _seed;
    private ThreatDetector? _detector;
    private readonly BehaviourSample[] _recent = new BehaviourSample[ForensicsDepth];
    private readonly long[] _episodeLastSeenMs = new long[Enum.GetValues<ThreatClass>().Length];
    private int _recentCount;
    private int _recentNext;
    private long _lastTimestampMs = long.MinValue;

    public ThreatWatch(ThreatDetectorOptions options, int seed)
    {
        _options = options;
        _seed = seed;
    }

    /// <summary>True once the entity's baseline is learned and it may alert.</summary>
    public bool IsWarm => _detector?.IsWarm ?? false;

    /// <summary>A threat of a class seen again within this long of its last sample continues that episode.</summary>
    public static TimeSpan EpisodeGap { get; } = TimeSpan.FromMinutes(30);

    public long SamplesSeen => _detector?.SamplesSeen ?? 0;

    public double LastScore => _detector?.LastScore ?? 0;

    private ThreatDetector Detector => _detector ??= new ThreatDetector(_options, _seed);

    /// <summary>Scores the batch in order and returns the samples that open a new threat episode. Samples not newer
    /// than the last accepted one are dropped and counted: telemetry redelivers.</summary>
    public List<(BehaviourSample Sample, ThreatAssessment Assessment)> Analyze(
        ReadOnlySpan<BehaviourSample> samples, out int accepted, out int stale, out double maxScore)
    {
        accepted = 0;
        stale = 0;
        maxScore = 0;
        var opened = new List<(BehaviourSample, ThreatAssessment)>();
        Span<double> signals = stackalloc double[BehaviourSignals.Count];
        foreach (ref readonly var sample in samples)
        {
            if (sample.TimestampMs <= _lastTimestampMs)
            {
                stale++;
                continue;
            }

            sample.CopySignalsTo(signals);
            var assessment = Detector.Assess(sample.TimestampMs, signals, sample.CpuUtilisation);
            _lastTimestampMs = sample.TimestampMs;
            accepted++;
            maxScore = Math.Max(maxScore, Detector.LastScore);
            Remember(sample);
            if (assessment.IsThreat && OpensEpisode(assessment.Class, sample.TimestampMs))
            {
                opened.Add((sample, assessment));
            }
        }

        return opened;
    }

    /// <summary>The behaviour is normal here: the detector learns it and open episodes end, so a real attack
    /// that follows is alerted afresh.</summary>
    public void AcceptAsNormal(BehaviourSample sample)
    {
        Span<double> signals = stackalloc double[BehaviourSignals.Count];
        sample.CopySignalsTo(signals);
        Detector.MarkFalsePositive(signals, sample.CpuUtilisation);
        Array.Clear(_episodeLastSeenMs);
    }

    /// <summary>The remembered behaviour, oldest first.</summary>
    public BehaviourSample[] RecentBehaviour()
    {
        var result = new BehaviourSample[_recentCount];
        var start = (_recentNext - _recentCount + ForensicsDepth) % ForensicsDepth;
        for (var i = 0; i < _recentCount; i++)
        {
            result[i] = _recent[(start + i) % ForensicsDepth];
        }

        return result;
    }

    public byte[] Save()
    {
        // A warm detector's snapshot is ~38 KB; start there rather than doubling up from nothing.
        using var buffer = new MemoryStream(_detector is null ? 1024 : 48 * 1024);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(FormatVersion);
            writer.Write(_lastTimestampMs);
            foreach (var lastSeen in _episodeLastSeenMs)
            {
                writer.Write(lastSeen);
            }

            var recent = RecentBehaviour();
            writer.Write(recent.Length);
            foreach (var sample in recent)
            {
                writer.Write(sample.TimestampMs);
                writer.Write(sample.ConnectionsOpened);
                writer.Write(sample.DistinctDestinations);
                writer.Write(sample.EgressBytes);
                writer.Write(sample.AuthFailures);
                writer.Write(sample.PrivilegedProcessStarts);
                writer.Write(sample.DnsQueries);
                writer.Write(sample.CpuUtilisation);
            }

            writer.Write(_detector is not null);
            _detector?.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>Restores a checkpoint; null or empty means a new entity, detecting with <paramref name="options"/>. A restored
    /// detector keeps the options it was created with: its forest and baseline were built under them.</summary>
    public static ThreatWatch Load(byte[]? snapshot, ThreatDetectorOptions options, int seed)
    {
        if (snapshot is not { Length: > 0 })
        {
            return new ThreatWatch(options, seed);
        }

        using var reader = new BinaryReader(new MemoryStream(snapshot));
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Threat watch checkpoint has format version {version}; this silo reads version {FormatVersion}.");
        }

        var lastTimestampMs = reader.ReadInt64();
        var episodes = new long[Enum.GetValues<ThreatClass>().Length];
        for (var i = 0; i < episodes.Length; i++)
        {
            episodes[i] = reader.ReadInt64();
        }

        var count = reader.ReadInt32();
        if (count is < 0 or > ForensicsDepth)
        {
            throw new InvalidDataException($"Threat watch checkpoint holds {count} recent samples; at most {ForensicsDepth} are kept.");
        }

        var recent = new BehaviourSample[count];
        for (var i = 0; i < count; i++)
        {
            recent[i] = new BehaviourSample(
                reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        }

        var watch = new ThreatWatch(options, seed)
        {
            _detector = reader.ReadBoolean() ? ThreatDetector.ReadFrom(reader) : null,
            _lastTimestampMs = lastTimestampMs,
        };
        episodes.CopyTo(watch._episodeLastSeenMs, 0);
        foreach (var sample in recent)
        {
            watch.Remember(sample);
        }

        return watch;
    }

    private bool OpensEpisode(ThreatClass threatClass, long timestampMs)
    {
        ref var lastSeen = ref _episodeLastSeenMs[(int)threatClass];
        var opens = lastSeen == 0 || timestampMs - lastSeen > (long)EpisodeGap.TotalMilliseconds;
        lastSeen = timestampMs;
        return opens;
    }

    private void Remember(BehaviourSample sample)
    {
        _recent[_recentNext] = sample;
        _recentNext = (_recentNext + 1) % ForensicsDepth;
        _recentCount = Math.Min(_recentCount + 1, ForensicsDepth);
    }
}
