namespace Juno.Storage.Tests.OrleansProviders;

/// <summary>Bounded polling for conditions that take real time, such as membership converging.</summary>
internal static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0}s waiting until {what}.");
            }

            await Task.Delay(PollInterval);
        }
    }
}
