namespace Juno.Intelligence;
internal static class AssemblyMarker;
