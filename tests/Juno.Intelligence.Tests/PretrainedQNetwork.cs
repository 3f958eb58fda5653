using System.Diagnostics;

namespace Juno.Intelligence.Tests;

/// <summary>One pretraining run shared by the tests that need the network (it takes a couple of seconds).</summary>
public sealed class PretrainedQNetwork
{
    public const int Seed = 42;

    public PretrainedQNetwork()
    {
        var stopwatch = Stopwatch.StartNew();
        Network = QNetworkFactory.CreatePretrained(Seed);
        TrainingTime = stopwatch.Elapsed;
    }

    public Mlp Network { get; }

    public TimeSpan TrainingTime { get; }
}
