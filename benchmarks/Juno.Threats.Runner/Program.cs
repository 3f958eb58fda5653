using System.Globalization;
using Juno.Evaluation.Threats;
using Juno.Intelligence;
using Juno.Threats.Runner;

// Usage: Juno.Threats.Runner [--entities N] [--days N] [--threshold X] [--margin X] [--rebuild N] [--min-scale X]
//                            [--trees N] [--psi N] [--marginal-psi N] [--marginal-trees N] [--memory-only]
// Without options it reports the default detector on AttackSetOptions.Default. The tuning options exist to explore the
// trade-offs behind ThreatDetectorOptions' defaults. Seeds are fixed (AttackSetOptions.Default.Seed for the data,
// ThreatDetector.DefaultSeed + entity index for the detectors) and printed. A memory section (retained bytes per warmed
// detector, snapshot size, where the bytes sit) follows the report; --memory-only prints just that.
AttackSetOptions setOptions = AttackSetOptions.Default;
ThreatDetectorOptions detectorOptions = ThreatDetectorOptions.Default;
bool memoryOnly = false;
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--entities" when int.TryParse(value, CultureInfo.InvariantCulture, out int entities):
            setOptions = setOptions with { Entities = entities };
            i++;
            break;
        case "--days" when int.TryParse(value, CultureInfo.InvariantCulture, out int days):
            setOptions = setOptions with { Days = days };
            i++;
            break;
        case "--threshold" when double.TryParse(value, CultureInfo.InvariantCulture, out double threshold):
            detectorOptions = detectorOptions with { Threshold = threshold };
            i++;
            break;
        case "--margin" when double.TryParse(value, CultureInfo.InvariantCulture, out double margin):
            detectorOptions = detectorOptions with { SplitMargin = margin };
            i++;
            break;
        case "--rebuild" when int.TryParse(value, CultureInfo.InvariantCulture, out int rebuild):
            detectorOptions = detectorOptions with { RebuildInterval = rebuild };
            i++;
            break;
        case "--min-scale" when double.TryParse(value, CultureInfo.InvariantCulture, out double minimumScale):
            detectorOptions = detectorOptions with { MinimumScale = minimumScale };
            i++;
            break;
        case "--trees" when int.TryParse(value, CultureInfo.InvariantCulture, out int trees):
            detectorOptions = detectorOptions with { TreeCount = trees };
            i++;
            break;
        case "--psi" when int.TryParse(value, CultureInfo.InvariantCulture, out int psi):
            detectorOptions = detectorOptions with { SubsampleSize = psi };
            i++;
            break;
        case "--marginal-psi" when int.TryParse(value, CultureInfo.InvariantCulture, out int marginalPsi):
            detectorOptions = detectorOptions with { MarginalSubsampleSize = marginalPsi };
            i++;
            break;
        case "--marginal-trees" when int.TryParse(value, CultureInfo.InvariantCulture, out int marginalTrees):
            detectorOptions = detectorOptions with { MarginalTreeCount = marginalTrees };
            i++;
            break;
        case "--memory-only":
            memoryOnly = true;
            break;
        default:
            Console.Error.WriteLine(
                $"Unknown argument '{args[i]}'. Usage: Juno.Threats.Runner [--entities N] [--days N] [--threshold X] [--margin X] [--rebuild N] [--min-scale X] [--trees N] [--psi N] [--marginal-psi N] [--marginal-trees N] [--memory-only]");
            return 2;
    }
}

detectorOptions.Validate();
AttackSet set = AttackSetGenerator.Generate(setOptions);
if (memoryOnly)
{
    MemoryProbe.Write(set, detectorOptions, Console.Out);
    return 0;
}

// The first pass includes JIT warm-up; a second identical pass must give the same verdicts and times the warm code.
ThreatEvaluationResult first = ThreatEvaluation.Run(set, detectorOptions);
ThreatEvaluationResult second = ThreatEvaluation.Run(set, detectorOptions);
if (first.Overall.Detected != second.Overall.Detected || first.Overall.FalseAlerts != second.Overall.FalseAlerts
    || !first.Overall.TimesToDetect.SequenceEqual(second.Overall.TimesToDetect))
{
    Console.Error.WriteLine("ThreatDetector gave different verdicts on a second pass over the same data.");
    return 1;
}

ThreatEvaluationResult withFeedback = ThreatEvaluation.Run(set, detectorOptions, operatorFeedback: true);
var report = new MarkdownReport(Console.Out);
report.Write(set, second, first.Elapsed);
report.WriteFeedback(withFeedback);
Console.WriteLine();
Console.WriteLine("## Memory");
Console.WriteLine();
MemoryProbe.Write(set, detectorOptions, Console.Out);
return 0;
