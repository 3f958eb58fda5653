namespace Juno.Inference;
internal static class AssemblyMarker;
