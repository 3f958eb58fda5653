namespace Juno.Actuation;
internal static class AssemblyMarker;
