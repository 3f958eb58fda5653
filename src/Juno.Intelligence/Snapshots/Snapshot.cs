namespace Juno.Intelligence;

/// <summary>
/// Shared pieces of the binary snapshot format: every model writes a leading format-version byte so a
/// checkpoint written by an older build is refused loudly instead of being misread.
/// </summary>
internal static class Snapshot
{
    public static void WriteVersion(BinaryWriter writer, byte version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(version);
    }

    public static void ReadVersion(BinaryReader reader, byte expected, string typeName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte actual = reader.ReadByte();
        if (actual != expected)
        {
            throw new InvalidDataException(
                $"{typeName} snapshot has format version {actual}; this build reads version {expected}.");
        }
    }

    public static void WriteFloats(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        writer.Write(values.Length);
        foreach (float value in values)
        {
            writer.Write(value);
        }
    }

    public static void ReadFloats(BinaryReader reader, Span<float> destination, string typeName)
    {
        int length = reader.ReadInt32();
        if (length != destination.Length)
        {
            throw new InvalidDataException(
                $"{typeName} snapshot holds {length} values where {destination.Length} were expected.");
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = reader.ReadSingle();
        }
    }

    public static void WriteTimeSpan(BinaryWriter writer, TimeSpan value) => writer.Write(value.Ticks);

    public static TimeSpan ReadTimeSpan(BinaryReader reader) => TimeSpan.FromTicks(reader.ReadInt64());

    public static InvalidDataException Invalid(string typeName, string problem) =>
        new($"{typeName} snapshot is invalid: {problem}.");
}
