using Juno.Contracts.Telemetry;
using Juno.Intelligence;

namespace Juno.Grains.Modelling;

/// <summary>Noise floors per metric, in the metric's own units. A detector that only knows relative noise
/// turns a quiet series into an alarm: an error rate sitting at 0.0% flags its first 0.1% for hours, and a
/// 20 ms latency flags a 5 ms wobble. Below these floors a change is not operationally meaningful.</summary>
internal static class MetricTuning
{
    private static readonly RobustSeasonalDetectorOptions Cpu = new() { AbsoluteScaleFloor = 0.02, RelativeScaleFloor = 0.03 };
    private static readonly RobustSeasonalDetectorOptions Memory = new() { AbsoluteScaleFloor = 0.01, RelativeScaleFloor = 0.02 };
    private static readonly RobustSeasonalDetectorOptions Latency = new() { AbsoluteScaleFloor = 5, RelativeScaleFloor = 0.05 };
    private static readonly RobustSeasonalDetectorOptions Errors = new() { AbsoluteScaleFloor = 0.002 };
    private static readonly RobustSeasonalDetectorOptions Requests = new() { AbsoluteScaleFloor = 1, RelativeScaleFloor = 0.03 };

    public static MetricModel NewModel(MetricKind metric) => new(Detector(metric), forecasterOptions: null);

    private static RobustSeasonalDetectorOptions Detector(MetricKind metric) => metric switch
    {
        MetricKind.Cpu => Cpu,
        MetricKind.Memory => Memory,
        MetricKind.LatencyP95 => Latency,
        MetricKind.ErrorRate => Errors,
        _ => Requests,
    };
}
