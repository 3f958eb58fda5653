namespace Juno.Intelligence;

/// <summary>What <see cref="MetricModel.Update"/> did with a sample.</summary>
public enum MetricUpdate
{
    /// <summary>The sample was newer than any before and updated the models.</summary>
    Accepted,

    /// <summary>The timestamp was not after the last accepted one (out of order or duplicate); nothing changed.</summary>
    Stale,

    /// <summary>The value was NaN or infinite; nothing changed.</summary>
    NonFinite,
}
