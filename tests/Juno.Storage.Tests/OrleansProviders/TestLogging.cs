using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Juno.Storage.Tests.OrleansProviders;

/// <summary>Routes warnings and errors from test hosts into the test's own output, where a failure report shows them.</summary>
internal static class TestLogging
{
    public static void ToOutput(ILoggingBuilder logging, ITestOutputHelper output)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddProvider(new OutputLoggerProvider(output));
    }

    private sealed class OutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new OutputLogger(output, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class OutputLogger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has already finished; Orleans' background work can outlive it by a moment.
            }
        }
    }
}
