using Juno.Testing.Emulator;
using Microsoft.Extensions.Options;

namespace Juno.Actuation.Tests;

/// <summary>A fresh API server emulator per test, and an actuator talking to it over HTTP.</summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private k8s.Kubernetes? _client;

    internal KubernetesApiEmulator Emulator { get; private set; } = null!;

    internal InstantTimeProvider Time { get; } = new(Now);

    public async Task InitializeAsync()
    {
        Emulator = await KubernetesApiEmulator.StartAsync();
        _client = Emulator.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Default options (5 attempts, 200 ms base backoff) unless a test overrides them.</summary>
    internal KubernetesActuator Actuator(int maxAttempts = 5, k8s.IKubernetes? client = null) => new(
        client ?? _client!,
        Options.Create(new KubernetesActuatorOptions { MaxAttempts = maxAttempts }),
        time: Time);

    /// <summary>The requests the emulator received, as "METHOD path?query".</summary>
    internal string[] RequestLines() => [.. Emulator.Requests.Select(r => $"{r.Method} {r.Path}{r.Query}")];
}
