using System.Diagnostics;

namespace Juno.Testing;

/// <summary>Runs PostgreSQL's command-line tools, as the <c>postgres</c> user when we are root:
/// initdb and the server refuse to run as root.</summary>
/// <param name="workingDirectory">Where the tools run: a directory the <c>postgres</c> user can enter, unlike the
/// test's own directory, which may sit under /root.</param>
internal sealed class ToolRunner(string binDirectory, string workingDirectory)
{
    private const string ServiceUser = "postgres";

    public static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    public async Task RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var toolPath = Path.Combine(binDirectory, tool);
        var start = RunningAsRoot
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", ServiceUser, "--", toolPath } }
            : new ProcessStartInfo(toolPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = workingDirectory;
        // The tools print localised messages; the C locale keeps failures readable in any CI log.
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }
}
