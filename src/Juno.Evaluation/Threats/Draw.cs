namespace Juno.Evaluation.Threats;

/// <summary>Random variates the generator needs, on a seeded <see cref="Random"/>.</summary>
internal static class Draw
{
    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A factor whose logarithm is N(0, sigma²): multiplicative noise that can't go negative.</summary>
    public static double LogNormal(Random random, double sigma) => Math.Exp(sigma * Gaussian(random));

    public static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    /// <summary>Poisson counts: exact (Knuth) for small means, the normal approximation above 30 where it is close.</summary>
    public static double Poisson(Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * Gaussian(random))));
        }

        double limit = Math.Exp(-mean);
        double product = random.NextDouble();
        int count = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            count++;
        }

        return count;
    }
}
