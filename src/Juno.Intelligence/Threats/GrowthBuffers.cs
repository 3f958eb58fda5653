namespace Juno.Intelligence;

/// <summary>
/// Scratch space for drawing a training set and growing forests, one set per thread rather than per detector.
/// </summary>
/// <remarks>
/// A detector needs these only for the few milliseconds of a regrowth (every <see cref="ThreatDetectorOptions.RebuildInterval"/>
/// samples), yet keeping them per detector cost about 50 KB of each grain's memory. Regrowth is synchronous — nothing
/// awaits while a buffer is in use — so a thread-static buffer can't be seen by two detectors at once, even when
/// grains of many entities take turns on the same thread-pool thread. Buffers only grow, so after a thread's first
/// regrowth of a given configuration a regrowth allocates nothing.
/// </remarks>
internal static class GrowthBuffers
{
    [ThreadStatic]
    private static float[]? t_training;

    [ThreadStatic]
    private static float[]? t_column;

    [ThreadStatic]
    private static int[]? t_draw;

    [ThreadStatic]
    private static int[]? t_sample;

    [ThreadStatic]
    private static uint[]? t_nodes;

    [ThreadStatic]
    private static float[]? t_positions;

    [ThreadStatic]
    private static float[]? t_marginSteps;

    /// <summary>Row-major training vectors, filled by <see cref="BehaviourBaseline.FillTraining"/> and read by every forest's growth.</summary>
    public static float[] Training(int length) => Ensure(ref t_training, length);

    /// <summary>One feature's values while the baseline takes its median.</summary>
    public static float[] Column(int length) => Ensure(ref t_column, length);

    /// <summary>Ring slots being shuffled while the baseline draws a training set.</summary>
    public static int[] Draw(int length) => Ensure(ref t_draw, length);

    /// <summary>Training-row indices a forest partitions while growing a tree.</summary>
    public static int[] Sample(int length) => Ensure(ref t_sample, length);

    /// <summary>Nodes of a forest being grown, before they are copied to the forest's own, exactly sized, storage.</summary>
    public static uint[] Nodes(int length) => Ensure(ref t_nodes, length);

    /// <summary>A forest's training values on its split scale, a column per dimension.</summary>
    public static float[] Positions(int length) => Ensure(ref t_positions, length);

    /// <summary>A forest's split margins on its split scale.</summary>
    public static float[] MarginSteps(int length) => Ensure(ref t_marginSteps, length);

    private static T[] Ensure<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new T[length];
        }

        return buffer;
    }
}
