namespace Juno.Intelligence;

/// <summary>Ordinary least squares of y on one regressor plus an intercept: the slope and what's left unexplained.</summary>
internal readonly record struct LeastSquares(double Slope, double ResidualSumOfSquares)
{
    public static LeastSquares Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        double meanX = 0, meanY = 0;
        for (int i = 0; i < n; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - meanX;
            double dy = y[i] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        return sxx > 0 ? new LeastSquares(sxy / sxx, Math.Max(0, syy - (sxy * sxy / sxx))) : new LeastSquares(0, syy);
    }
}
