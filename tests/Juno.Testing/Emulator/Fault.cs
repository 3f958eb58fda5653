namespace Juno.Testing.Emulator;

/// <summary>What to do to the next <see cref="Remaining"/> requests with <see cref="Method"/> (any when
/// null), in this order: run <see cref="Before"/>, wait <see cref="Delay"/>, answer <see cref="StatusCode"/>
/// instead of serving the request.</summary>
internal sealed class Fault
{
    public string? Method { get; init; }

    public int Remaining { get; set; }

    public Action? Before { get; init; }

    public TimeSpan? Delay { get; init; }

    public int? StatusCode { get; init; }
}
