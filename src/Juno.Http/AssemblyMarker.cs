namespace Juno.Http;
internal static class AssemblyMarker;
