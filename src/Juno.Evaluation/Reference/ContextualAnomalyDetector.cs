using System.Runtime.InteropServices;

namespace Juno.Evaluation.Reference;

/// <summary>
/// A contextual anomaly detector (the CAD OSE algorithm, see <see cref="ContextMemory"/>): each value becomes a few
/// facts (the bits of its level in the range), each step is remembered as a context (what held before, what holds now),
/// and the score is high when the contexts that predicted this step mostly failed and the step creates many new ones.
/// </summary>
/// <remarks>
/// Why it is here and not in the grains: it is the leaderboard's runner-up, written from NAB's reference so it can be
/// run on our corpus with and without the look-ahead NAB allows (the whole file's range). With it, it reproduces the
/// published result; fed only the past, it scores well below our ensemble and adds nothing to it (measured in
/// <see cref="ContextualDetectorOptions.Range"/> and README), and its memory grows with every new context.
/// <para>
/// Score = (1 - share of selected contexts that came true + share of this step's candidate contexts that were new) / 2.
/// After a score reaches <see cref="ContextualDetectorOptions.AlarmThreshold"/> the detector rests (reports 0) for
/// <see cref="ContextualDetectorOptions.RestSamples"/> samples, as its NAB reference does with a fifth of the probation.
/// Once the memory has learned a series' patterns a step allocates nothing; learning new contexts allocates them.
/// </para>
/// </remarks>
public sealed class ContextualAnomalyDetector
{
    // Neuron facts (active contexts fed forward) sit above every sensor fact: 2 per bit of a level, plus the sign fact.
    private const int SignFact = 2 * 64;
    private const int NeuronFactBase = SignFact + 1;

    private readonly ContextualDetectorOptions _options;
    private readonly ContextMemory _memory;
    private readonly CandidateContexts _candidates = new();
    private readonly List<int> _active = [];
    private readonly List<long> _ranked = [];
    private readonly List<int> _previousFacts = [];
    private readonly List<int> _nextFacts = [];
    private readonly double[]? _warmUp;
    private int _warmUpCount;
    private double _min;
    private double _step;

    // Scores seen (the reference starts its history with one alarm, so the first rest is a warm-up) and the last alarm.
    private long _history = 1;
    private long _lastAlarm;

    public ContextualAnomalyDetector(ContextualDetectorOptions? options = null)
    {
        _options = options ?? ContextualDetectorOptions.Default;
        _options.Validate();
        _memory = new ContextMemory(_options.Capacity);
        if (_options.Range is { } range)
        {
            SetRange(range.Min, range.Max);
        }
        else
        {
            _warmUp = new double[_options.RangeWarmUpSamples];
        }
    }

    public ContextualDetectorOptions Options => _options;

    public int Contexts => _memory.Count;

    public double LastScore { get; private set; }

    public double Update(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Must be finite.");
        }

        if (_warmUp is not null && _warmUpCount < _warmUp.Length)
        {
            _warmUp[_warmUpCount++] = value;
            if (_warmUpCount == _warmUp.Length)
            {
                SetRange(_warmUp.Min(), _warmUp.Max());
                foreach (double seen in _warmUp)
                {
                    Score(seen);
                }
            }

            return LastScore = 0;
        }

        return LastScore = Score(value);
    }

    private void SetRange(double min, double max)
    {
        double steps = (1 << _options.ValueBits) - 1;
        _min = min;
        _step = max > min ? (max - min) / steps : 1;
    }

    private double Score(double value)
    {
        double raw = Step(value);
        bool resting = _lastAlarm >= _history - _options.RestSamples;
        if (raw >= _options.AlarmThreshold)
        {
            _lastAlarm = _history;
        }

        _history++;
        return resting ? 0 : raw;
    }

    private double Step(double value)
    {
        Span<int> sensor = stackalloc int[2 * 64 + 1];
        int sensorCount = Encode(value, sensor);
        ReadOnlySpan<int> now = sensor[..sensorCount];
        ReadOnlySpan<int> before = CollectionsMarshal.AsSpan(_previousFacts);

        _candidates.Clear();
        bool newStep = false;
        if (before.Length > 0)
        {
            _candidates.CountDistinct(before, now);
            newStep = _memory.LearnZeroLevel(before, now);
        }

        _memory.Right.Cross(now);
        _active.Clear();
        int selected = _memory.Activate(newStep, _options.MaxLeftFacts, _active, _candidates);
        double predictedShare = selected > 0 ? (double)_active.Count / selected : 0;

        // The most used contexts that came true carry this step forward as facts of the next one.
        // Ranked by (uses, id) packed into one key, so the sort needs no comparer.
        ReadOnlySpan<ContextEntry> contexts = _memory.Contexts;
        _ranked.Clear();
        foreach (int id in _active)
        {
            _ranked.Add(((long)contexts[id].Uses << 32) | (uint)id);
        }

        _ranked.Sort();
        _nextFacts.Clear();
        foreach (int fact in now)
        {
            _nextFacts.Add(fact);
        }

        int firstKept = Math.Max(0, _ranked.Count - _options.MaxActiveContexts);
        int neuronStart = _nextFacts.Count;
        for (int i = firstKept; i < _ranked.Count; i++)
        {
            _nextFacts.Add(NeuronFactBase + (int)(uint)_ranked[i]);
        }

        _nextFacts.Sort(neuronStart, _nextFacts.Count - neuronStart, null);

        int learned = 0;
        for (int i = 0; i < _candidates.Count; i++)
        {
            learned += _memory.Learn(_candidates.LeftOf(i), _candidates.RightOf(i)) ? 1 : 0;
        }

        _previousFacts.Clear();
        _previousFacts.AddRange(_nextFacts);
        _memory.Left.Cross(CollectionsMarshal.AsSpan(_previousFacts));

        learned += newStep ? 1 : 0;
        double newShare = newStep && _candidates.Distinct > 0 ? (double)learned / _candidates.Distinct : 0;
        return (1 - predictedShare + newShare) / 2;
    }

    // The bits of the value's level, least significant first, each as fact 2k (bit k clear) or 2k+1 (set); at least
    // ValueBits of them, more for a value far above the range, and the sign fact for one below it.
    private int Encode(double value, Span<int> facts)
    {
        double scaled = Math.Truncate((value - _min) / _step);
        long level = (long)Math.Clamp(scaled, -(1L << 62), 1L << 62);
        ulong magnitude = (ulong)Math.Abs(level);
        int bits = Math.Max(_options.ValueBits, 64 - System.Numerics.BitOperations.LeadingZeroCount(magnitude));
        int count = 0;
        for (int k = 0; k < bits; k++)
        {
            facts[count++] = (2 * k) + (int)((magnitude >> k) & 1);
        }

        if (level < 0)
        {
            facts[count++] = SignFact;
        }

        return count;
    }
}
