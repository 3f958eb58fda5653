using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace Juno.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster started from the machine's own binaries: its own data directory,
/// a free loopback port, trust authentication and no durability (fsync off). Tests get fresh databases
/// from it and may stop and restart it to simulate an outage.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly ToolRunner _tools;
    private readonly string _rootDirectory;
    private readonly string _dataDirectory;
    private readonly string _logFile;
    private bool _running;

    private PostgresServer(ToolRunner tools, string rootDirectory, int port)
    {
        _tools = tools;
        _rootDirectory = rootDirectory;
        _dataDirectory = Path.Combine(rootDirectory, "data");
        _logFile = Path.Combine(rootDirectory, "server.log");
        Port = port;
        // A test host that dies without disposing its fixture would leave the server running.
        AppDomain.CurrentDomain.ProcessExit += StopOnProcessExit;
    }

    /// <summary>The loopback TCP port the server listens on; it stays the same across restarts.</summary>
    public int Port { get; }

    /// <summary>A superuser connection string to the maintenance database <c>postgres</c>.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>Initialises a new cluster in a temporary directory and starts it.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var binDirectory = PostgresBinaries.FindBinDirectory();
        var root = ScratchDirectory.Create();
        var tools = new ToolRunner(binDirectory, root);
        var server = new PostgresServer(tools, root, FreePorts.Next());
        try
        {
            await server.InitialiseAsync();
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database and returns a superuser connection string to it.</summary>
    /// <param name="name">A lower-case identifier; a unique one is chosen when omitted.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "juno_" + Guid.NewGuid().ToString("N");
        if (!DatabaseName().IsMatch(name))
        {
            // Identifiers cannot be bound as parameters, so only plain names are let through.
            throw new ArgumentException($"'{name}' is not a plain lower-case PostgreSQL identifier.", nameof(name));
        }

        // Unpooled: a pooled admin connection from before a restart would be dead.
        var unpooled = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(unpooled.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are terminated). Client connection pools are left
    /// alone on purpose: after <see cref="StartAgainAsync"/> clients meet their dead pooled connections exactly as
    /// they would after a real restart.</summary>
    public async Task StopAsync()
    {
        await _tools.RunAsync("pg_ctl", ["stop", "-D", _dataDirectory, "-m", "fast", "-w", "-t", "60"], ToolTimeout);
        _running = false;
    }

    /// <summary>Starts the server on the existing data directory and port.</summary>
    public async Task StartAgainAsync()
    {
        try
        {
            await _tools.RunAsync("pg_ctl", ["start", "-D", _dataDirectory, "-l", _logFile, "-w", "-t", "60"], ToolTimeout);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"PostgreSQL did not start; server log:\n{ReadLogTail()}", ex);
        }

        _running = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            try
            {
                await _tools.RunAsync("pg_ctl", ["stop", "-D", _dataDirectory, "-m", "immediate", "-w"], ToolTimeout);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                // Disposal must not mask the test's own outcome; the directory goes regardless.
            }

            _running = false;
        }

        AppDomain.CurrentDomain.ProcessExit -= StopOnProcessExit;
        ScratchDirectory.Delete(_rootDirectory);
    }

    private void StopOnProcessExit(object? sender, EventArgs e)
    {
        if (_running)
        {
            _tools.RunAsync("pg_ctl", ["stop", "-D", _dataDirectory, "-m", "immediate"], ToolTimeout).GetAwaiter().GetResult();
        }
    }

    private async Task InitialiseAsync()
    {
        await _tools.RunAsync(
            "initdb",
            ["-D", _dataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync", "--no-instructions"],
            ToolTimeout);

        // Settings for a disposable test server: reachable only on loopback, fast rather than durable, and
        // enough connections for several silos plus record stores in one test run. The session time zone is
        // deliberately not UTC (and not a whole-hour offset), so code that leans on it fails here, not in production.
        var settings = $"""

            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = '{_rootDirectory}'
            max_connections = 200
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            timezone = 'Asia/Kolkata'
            log_min_messages = warning
            """;
        await File.AppendAllTextAsync(Path.Combine(_dataDirectory, "postgresql.conf"), settings);
    }

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    private string ReadLogTail()
    {
        if (!File.Exists(_logFile))
        {
            return "(no log written)";
        }

        var lines = File.ReadAllLines(_logFile);
        return string.Join('\n', lines.TakeLast(40));
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
