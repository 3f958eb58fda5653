namespace Juno.Grains;
internal static class AssemblyMarker;
