using System.Security.Cryptography;
using Google.Protobuf;

namespace Juno.Inference;

/// <summary>What a model file says about itself before any session loads it: its SHA-256 and the default-domain opset
/// it was exported for (ModelProto field 8, OperatorSetIdProto field 2), read from the protobuf directly.</summary>
public static class OnnxModelInspector
{
    /// <summary>The opsets the ONNX Runtime this build ships runs; a file outside them is refused before activation.</summary>
    public const long MinOpset = 7;
    public const long MaxOpset = 21;

    private const int OpsetImportField = 8;
    private const int OperatorSetDomainField = 1;
    private const int OperatorSetVersionField = 2;

    public static string Sha256(byte[] onnx) => Convert.ToHexStringLower(SHA256.HashData(onnx));

    /// <exception cref="InvalidModelException">The bytes are not an ONNX model or name no default-domain opset.</exception>
    public static long Opset(byte[] onnx)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        try
        {
            var input = new CodedInputStream(onnx);
            long? opset = null;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == OpsetImportField && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    var (domain, version) = ReadOperatorSet(input.ReadBytes());
                    if (domain is "" or "ai.onnx")
                    {
                        opset = Math.Max(opset ?? 0, version);
                    }
                }
                else
                {
                    input.SkipLastField();
                }
            }

            return opset ?? throw new InvalidModelException("The model imports no default-domain (ai.onnx) opset.");
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new InvalidModelException($"The bytes are not an ONNX model: {error.Message}", error);
        }
    }

    private static (string Domain, long Version) ReadOperatorSet(ByteString message)
    {
        var input = message.CreateCodedInput();
        var domain = "";
        long version = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case OperatorSetDomainField:
                    domain = input.ReadString();
                    break;
                case OperatorSetVersionField:
                    version = input.ReadInt64();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (domain, version);
    }
}
