using System.Buffers.Binary;
using Google.Protobuf;
using Juno.Intelligence;

namespace Juno.Inference;

/// <summary>
/// Writes an <see cref="Mlp"/> as an ONNX model: one Gemm per dense layer (weights as [outputs, inputs] initializers
/// read with transB = 1), Relu between them, float32 throughout, and a symbolic batch dimension on input and output.
/// </summary>
/// <remarks>
/// Encoded directly with <see cref="CodedOutputStream"/>; the field numbers below were checked against onnx/onnx.proto.
/// Targets IR version 8 and the default-domain opset 13, which every ONNX Runtime since 1.10 loads.
/// </remarks>
public static class OnnxModelWriter
{
    public const long IrVersion = 8;
    public const long OpsetVersion = 13;
    public const string ProducerName = "Juno.Inference";
    public const string BatchDimension = "batch";

    // TensorProto.DataType.FLOAT and AttributeProto.AttributeType.INT.
    private const long ElementTypeFloat = 1;
    private const long AttributeTypeInt = 2;

    // Every Gemm reads its [outputs, inputs] weights transposed.
    private static readonly byte[] TransposeB = Protobuf.Message(o =>
    {
        o.WriteStringField(AttributeField.Name, "transB");
        o.WriteInt64Field(AttributeField.Int, 1);
        o.WriteInt64Field(AttributeField.Type, AttributeTypeInt);
    });

    public static byte[] WriteMlp(Mlp mlp, string inputName = "state", string outputName = "q_values")
    {
        ArgumentNullException.ThrowIfNull(mlp);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputName);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputName);
        if (inputName == outputName)
        {
            throw new ArgumentException("Input and output need different names.", nameof(outputName));
        }

        byte[] graph = Graph(mlp, inputName, outputName);
        byte[] opset = Protobuf.Message(o => o.WriteInt64Field(OperatorSetIdField.Version, OpsetVersion));
        return Protobuf.Message(o =>
        {
            o.WriteInt64Field(ModelField.IrVersion, IrVersion);
            o.WriteStringField(ModelField.ProducerName, ProducerName);
            o.WriteMessageField(ModelField.Graph, graph);
            o.WriteMessageField(ModelField.OpsetImport, opset);
        });
    }

    private static byte[] Graph(Mlp mlp, string inputName, string outputName)
    {
        var nodes = new List<byte[]>();
        var initializers = new List<byte[]>();
        string current = inputName;
        for (int layer = 0; layer < mlp.LayerCount; layer++)
        {
            int inputs = mlp.LayerSizes[layer];
            int outputs = mlp.LayerSizes[layer + 1];
            bool isOutput = layer == mlp.LayerCount - 1;
            string weights = $"layer{layer}.weight";
            string biases = $"layer{layer}.bias";
            string dense = isOutput ? outputName : $"layer{layer}.dense";
            initializers.Add(FloatTensor(weights, [outputs, inputs], mlp.Weights(layer)));
            initializers.Add(FloatTensor(biases, [outputs], mlp.Biases(layer)));
            nodes.Add(Node($"layer{layer}.gemm", "Gemm", [current, weights, biases], dense, TransposeB));
            if (isOutput)
            {
                break;
            }

            string activated = $"layer{layer}.activation";
            nodes.Add(Node($"layer{layer}.relu", "Relu", [dense], activated, attribute: null));
            current = activated;
        }

        byte[] input = BatchedTensorInfo(inputName, mlp.InputSize);
        byte[] output = BatchedTensorInfo(outputName, mlp.OutputSize);
        return Protobuf.Message(o =>
        {
            foreach (byte[] node in nodes)
            {
                o.WriteMessageField(GraphField.Node, node);
            }

            o.WriteStringField(GraphField.Name, "mlp");
            foreach (byte[] initializer in initializers)
            {
                o.WriteMessageField(GraphField.Initializer, initializer);
            }

            o.WriteMessageField(GraphField.Input, input);
            o.WriteMessageField(GraphField.Output, output);
        });
    }

    private static byte[] Node(string name, string opType, string[] inputs, string output, byte[]? attribute)
    {
        return Protobuf.Message(o =>
        {
            foreach (string input in inputs)
            {
                o.WriteStringField(NodeField.Input, input);
            }

            o.WriteStringField(NodeField.Output, output);
            o.WriteStringField(NodeField.Name, name);
            o.WriteStringField(NodeField.OpType, opType);
            if (attribute is not null)
            {
                o.WriteMessageField(NodeField.Attribute, attribute);
            }
        });
    }

    private static byte[] FloatTensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        // raw_data is little-endian IEEE 754 whatever the host's byte order.
        var raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        return Protobuf.Message(o =>
        {
            foreach (long dim in dims)
            {
                o.WriteInt64Field(TensorField.Dims, dim);
            }

            o.WriteInt64Field(TensorField.DataType, ElementTypeFloat);
            o.WriteStringField(TensorField.Name, name);
            o.WriteBytesField(TensorField.RawData, raw);
        });
    }

    // ValueInfoProto for a float tensor of shape [batch, width].
    private static byte[] BatchedTensorInfo(string name, int width)
    {
        byte[] batch = Protobuf.Message(o => o.WriteStringField(DimensionField.DimParam, BatchDimension));
        byte[] features = Protobuf.Message(o => o.WriteInt64Field(DimensionField.DimValue, width));
        byte[] shape = Protobuf.Message(o =>
        {
            o.WriteMessageField(TensorShapeField.Dim, batch);
            o.WriteMessageField(TensorShapeField.Dim, features);
        });
        byte[] tensorType = Protobuf.Message(o =>
        {
            o.WriteInt64Field(TensorTypeField.ElemType, ElementTypeFloat);
            o.WriteMessageField(TensorTypeField.Shape, shape);
        });
        byte[] type = Protobuf.Message(o => o.WriteMessageField(TypeField.TensorType, tensorType));
        return Protobuf.Message(o =>
        {
            o.WriteStringField(ValueInfoField.Name, name);
            o.WriteMessageField(ValueInfoField.Type, type);
        });
    }

    private static class ModelField
    {
        public const int IrVersion = 1;
        public const int ProducerName = 2;
        public const int Graph = 7;
        public const int OpsetImport = 8;
    }

    private static class OperatorSetIdField
    {
        // Domain (1) is left out: absent means the default ai.onnx domain.
        public const int Version = 2;
    }

    private static class GraphField
    {
        public const int Node = 1;
        public const int Name = 2;
        public const int Initializer = 5;
        public const int Input = 11;
        public const int Output = 12;
    }

    private static class NodeField
    {
        public const int Input = 1;
        public const int Output = 2;
        public const int Name = 3;
        public const int OpType = 4;
        public const int Attribute = 5;
    }

    private static class AttributeField
    {
        public const int Name = 1;
        public const int Int = 3;
        public const int Type = 20;
    }

    private static class TensorField
    {
        public const int Dims = 1;
        public const int DataType = 2;
        public const int Name = 8;
        public const int RawData = 9;
    }

    private static class ValueInfoField
    {
        public const int Name = 1;
        public const int Type = 2;
    }

    private static class TypeField
    {
        public const int TensorType = 1;
    }

    private static class TensorTypeField
    {
        public const int ElemType = 1;
        public const int Shape = 2;
    }

    private static class TensorShapeField
    {
        public const int Dim = 1;
    }

    private static class DimensionField
    {
        public const int DimValue = 1;
        public const int DimParam = 2;
    }
}
