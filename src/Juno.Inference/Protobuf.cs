using Google.Protobuf;

namespace Juno.Inference;

/// <summary>
/// Hand-rolled protobuf encoding by field number: the ONNX messages are few and small, so this avoids generating and
/// carrying the whole onnx.proto.
/// </summary>
internal static class Protobuf
{
    /// <summary>Encodes one message whose fields <paramref name="writeFields"/> writes.</summary>
    public static byte[] Message(Action<CodedOutputStream> writeFields)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            writeFields(output);
        }

        return buffer.ToArray();
    }

    public static void WriteInt64Field(this CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    public static void WriteStringField(this CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    public static void WriteBytesField(this CodedOutputStream output, int field, byte[] value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    /// <summary>An embedded message is a length-delimited field holding its encoding.</summary>
    public static void WriteMessageField(this CodedOutputStream output, int field, byte[] message) =>
        output.WriteBytesField(field, message);
}
