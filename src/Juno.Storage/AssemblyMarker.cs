namespace Juno.Storage;
internal static class AssemblyMarker;
