namespace Juno.Intelligence.Tests;

/// <summary>Serialises a model with its WriteTo and reads it back with its ReadFrom.</summary>
internal static class SnapshotRoundTrip
{
    public static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    public static T Read<T>(byte[] bytes, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        T value = read(reader);
        Assert.Equal(bytes.Length, reader.BaseStream.Position);
        return value;
    }
}
