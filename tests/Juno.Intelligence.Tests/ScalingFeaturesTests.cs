namespace Juno.Intelligence.Tests;

public sealed class ScalingFeaturesTests
{
    [Fact]
    public void FeaturesAreClippedAndUnknownUtilisationsReadAsTheWorstCase()
    {
        var state = new float[ScalingFeatures.Length];
        ScalingFeatures.Write(new ScalingFeatureInputs(double.PositiveInfinity, 9, 50, 2, double.NaN, 7, -1, 5, 0.25), state);

        Assert.Equal(2f, state[0]);
        Assert.Equal(4f, state[1]);
        Assert.Equal(1f, state[2]);
        Assert.Equal(1f, state[3]);
        Assert.Equal(3f, state[4]);
        Assert.Equal(3f, state[5]);
        Assert.Equal(0f, state[6]);
        Assert.Equal(1f, state[7]);
        Assert.Equal(1f, state[8], 6);
        Assert.Equal(0f, state[9], 6);
    }

    [Fact]
    public void TheShieldAllowsOnlyHoldInACooldownAndNoScaleInWhileViolating()
    {
        var allowed = new bool[ScalingActions.Count];

        ScalingActions.Allowed(5, 1, 10, violating: false, inCooldown: true, allowed);
        Assert.Equal([true, false, false, false, false], allowed);

        ScalingActions.Allowed(5, 1, 10, violating: true, inCooldown: false, allowed);
        Assert.Equal([true, true, true, false, false], allowed);

        ScalingActions.Allowed(9, 8, 10, violating: false, inCooldown: false, allowed);
        Assert.Equal([true, true, false, true, false], allowed);

        Assert.Equal(0, ScalingActions.Best([5, 9, 1, 1, 1], [true, false, true, true, true]));
        Assert.Equal(2, ScalingActions.Best([5, 9, 6, 1, 1], [true, false, true, true, true]));
    }

    [Fact]
    public void AStoredNetworkReadsBackToTheSameOutputsAndTheSamePolicy()
    {
        var trace = new DemandTrace("daily", Synthetic.Start, [.. Enumerable.Range(0, 3 * 1440).Select(m => 900 - (600 * Math.Cos(2 * Math.PI * (m % 1440) / 1440.0)))]);
        var scaler = new DqnScaler(ScalingSimulationOptions.Default, DqnScalerOptions.Default with { WarmupTransitions = 500, ExplorationDecay = 2_000 });
        scaler.Train([(trace, 2 * 1440)], epochs: 1);

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            scaler.Network.WriteTo(writer);
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        var stored = Mlp.ReadFrom(reader);

        Assert.Equal(scaler.Network.LayerSizes.ToArray(), stored.LayerSizes.ToArray());
        float[] input = [0.7f, 0.9f, 0, 0, 0.6f, 0.8f, 1.1f, 0.05f, 0.5f, -0.8f];
        float[] expected = new float[ScalingActions.Count], actual = new float[ScalingActions.Count];
        scaler.Network.Forward(input, expected);
        stored.Forward(input, actual);
        Assert.Equal(expected, actual);
        var live = ScalingSimulator.Run(trace, scaler.Policy(), ScalingSimulationOptions.Default, 2 * 1440, 10);
        var replayed = ScalingSimulator.Run(trace, DqnScaler.Policy(stored, ScalingSimulationOptions.Default, "DQN"), ScalingSimulationOptions.Default, 2 * 1440, 10);
        Assert.Equal(live, replayed);
        Assert.Throws<ArgumentException>(() => DqnScaler.Policy(new Mlp(1, 10, 4, 6), ScalingSimulationOptions.Default, "wrong"));
    }

    [Fact]
    public void BytesThatAreNotANetworkAreRefused()
    {
        using var reader = new BinaryReader(new MemoryStream([1, 40, 0, 0, 0]));
        Assert.Throws<InvalidDataException>(() => Mlp.ReadFrom(reader));
        using var wrongVersion = new BinaryReader(new MemoryStream([9, 2, 0, 0, 0]));
        Assert.Throws<InvalidDataException>(() => Mlp.ReadFrom(wrongVersion));
    }
}
