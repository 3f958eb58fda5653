namespace Juno.Evaluation.Nab;

/// <summary>A labelled anomaly window as the row indices of its first and last rows, both inclusive.</summary>
public readonly record struct AnomalyWindow(int Start, int End)
{
    public int Width => End - Start + 1;

    public bool Contains(int row) => row >= Start && row <= End;
}
