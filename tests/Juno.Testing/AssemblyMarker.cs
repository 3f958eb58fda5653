namespace Juno.Testing;
internal static class AssemblyMarker;
