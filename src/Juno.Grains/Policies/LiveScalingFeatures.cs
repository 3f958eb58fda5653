using Juno.Contracts.Telemetry;
using Juno.Grains.Modelling;
using Juno.Intelligence;

namespace Juno.Grains.Policies;

/// <summary>
/// The trained replica policies' features read off a live workload. Pod capacity is not known here, so CPU utilisation
/// of the ready pods stands for demand over their capacity (what the simulator computes exactly), and every other
/// demand figure is scaled by it: asked-for utilisation = CPU x ready / desired; a forecast or a change in demand is
/// that utilisation times its ratio to the current request rate.
/// </summary>
internal sealed class LiveScalingFeatures
{
    private static readonly TimeSpan ChangeWindow = TimeSpan.FromMinutes(5);

    private readonly Queue<(long AtMs, double Rate)> _recent = new();

    /// <summary>Remembers the request rate at each decision, for the five-minute change.</summary>
    public void Observe(long atMs, double requestRate)
    {
        if (double.IsFinite(requestRate))
        {
            _recent.Enqueue((atMs, requestRate));
        }

        while (_recent.Count > 1 && atMs - _recent.Peek().AtMs > ChangeWindow.TotalMilliseconds)
        {
            _recent.Dequeue();
        }
    }

    public float[] Encode(EntityModels models, int desired, int ready, double latencySloMs, double errorRateSlo)
    {
        var rate = models[MetricKind.RequestRate].LastValue;
        var cpu = models[MetricKind.Cpu].LastValue;
        var readyUtilisation = ready > 0 ? cpu : double.PositiveInfinity;
        var asked = ready > 0 ? cpu * ready / Math.Max(1, desired) : 1;
        var forecaster = models[MetricKind.RequestRate].Forecaster;
        var atMs = models.LastTimestampMs;
        var inputs = new ScalingFeatureInputs(
            ReadyUtilisation: readyUtilisation,
            LatencyRatio: models[MetricKind.LatencyP95].LastValue / latencySloMs,
            ErrorRatio: models[MetricKind.ErrorRate].LastValue / errorRateSlo,
            StartingShare: (desired - ready) / (double)Math.Max(1, desired),
            AskedUtilisation: asked,
            Forecast15mUtilisation: asked * Ratio(forecaster.Forecast(TimeSpan.FromMinutes(15)).Upper80, rate),
            Forecast1hUtilisation: asked * Ratio(forecaster.Forecast(TimeSpan.FromHours(1)).Upper80, rate),
            RecentChange: _recent.Count > 0 && rate > 0 ? asked * (rate - _recent.Peek().Rate) / rate : 0,
            DayFraction: atMs % 86_400_000L / 86_400_000.0);
        var state = new float[ScalingFeatures.Length];
        ScalingFeatures.Write(inputs, state);
        return state;
    }

    private static double Ratio(double forecast, double current) =>
        current > 1e-9 && double.IsFinite(forecast) ? Math.Max(0, forecast) / current : 1;
}
