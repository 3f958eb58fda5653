namespace Juno.Intelligence;

/// <summary>
/// The HPA's scale-down stabilisation, shared by the policies that use it: a lower recommendation is followed only as
/// far as the highest recommendation of the window allows, so a dip of a minute or two does not shed pods that the next
/// minute needs again. Scale-ups pass straight through.
/// </summary>
internal sealed class ScaleDownStabilisation(TimeSpan window)
{
    private readonly Queue<(long AtMs, int Replicas)> _recommendations = new();

    public int Apply(long nowMs, int recommendation, int current)
    {
        _recommendations.Enqueue((nowMs, recommendation));
        long windowStart = nowMs - (long)window.TotalMilliseconds;
        while (_recommendations.Peek().AtMs <= windowStart)
        {
            _recommendations.Dequeue();
        }

        if (recommendation >= current)
        {
            return recommendation;
        }

        int highest = 0;
        foreach ((_, int replicas) in _recommendations)
        {
            highest = Math.Max(highest, replicas);
        }

        return Math.Min(current, highest);
    }
}
