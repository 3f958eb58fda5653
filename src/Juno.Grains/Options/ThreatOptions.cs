using Juno.Intelligence;

namespace Juno.Grains.Options;

/// <summary>How entity grains detect threats. Bound from <c>Juno:Threats</c>; the defaults are the detector's own,
/// measured on the generated attack set (benchmarks/Juno.Threats.Runner).</summary>
public sealed class ThreatOptions
{
    public const string Section = "Juno:Threats";

    /// <summary>Behaviour samples an entity needs before it may alert (its baseline).</summary>
    public int WarmupSamples { get; set; } = ThreatDetectorOptions.Default.WarmupSamples;

    /// <summary>Isolation-forest score from which behaviour is a threat.</summary>
    public double Threshold { get; set; } = ThreatDetectorOptions.Default.Threshold;

    /// <summary>Score from which a threat is medium (before the class adjusts it).</summary>
    public double MediumScore { get; set; } = ThreatDetectorOptions.Default.MediumScore;

    /// <summary>Score from which a threat is high (before the class adjusts it).</summary>
    public double HighScore { get; set; } = ThreatDetectorOptions.Default.HighScore;

    public ThreatDetectorOptions ToDetectorOptions() => ThreatDetectorOptions.Default with
    {
        WarmupSamples = WarmupSamples,
        Threshold = Threshold,
        MediumScore = MediumScore,
        HighScore = HighScore,
    };

    public string? Validate()
    {
        try
        {
            ToDetectorOptions().Validate();
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"Juno:Threats: {ex.Message}";
        }
    }
}
