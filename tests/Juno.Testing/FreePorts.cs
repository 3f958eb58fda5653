using System.Net;
using System.Net.Sockets;

namespace Juno.Testing;

/// <summary>Loopback TCP ports nobody is listening on right now, for servers and silos started by tests.</summary>
public static class FreePorts
{
    /// <summary>Asks the OS for an unused port. The port is released before returning, so another process could
    /// take it first; the OS hands out ephemeral ports round-robin, which makes that unlikely within a test run.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
