namespace Juno.Client;
internal static class AssemblyMarker;
