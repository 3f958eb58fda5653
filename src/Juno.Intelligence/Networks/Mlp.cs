using System.Buffers;
using System.Numerics.Tensors;

namespace Juno.Intelligence;

/// <summary>
/// A small dense network (fully connected layers, ReLU between them, linear output) with float weights.
/// </summary>
/// <remarks>
/// Layer l maps <c>LayerSizes[l]</c> inputs to <c>LayerSizes[l + 1]</c> outputs as y = W x + b, with W stored
/// row-major as [outputs, inputs] — the layout ONNX Gemm reads with transB = 1. Inference is allocation-free and
/// thread-safe (scratch lives on the stack or in the shared array pool), so one instance serves a whole silo.
/// Weights only change through the internal trainer.
/// </remarks>
public sealed class Mlp
{
    private const int StackScratchLimit = 512;
    private const byte SnapshotVersion = 1;

    private readonly int[] _sizes;
    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly int _maxHiddenWidth;

    /// <summary>Creates a network with He-uniform weights and zero biases drawn from <paramref name="seed"/>.</summary>
    public Mlp(int seed, params ReadOnlySpan<int> layerSizes)
    {
        if (layerSizes.Length < 2)
        {
            throw new ArgumentException("Need at least an input and an output size.", nameof(layerSizes));
        }

        foreach (int size in layerSizes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(layerSizes));
        }

        _sizes = layerSizes.ToArray();
        _weights = new float[_sizes.Length - 1][];
        _biases = new float[_sizes.Length - 1][];
        var rng = new Random(seed);
        for (int layer = 0; layer < _weights.Length; layer++)
        {
            int inputs = _sizes[layer];
            int outputs = _sizes[layer + 1];
            float limit = MathF.Sqrt(6f / inputs);
            var weights = new float[inputs * outputs];
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)(((rng.NextDouble() * 2) - 1) * limit);
            }

            _weights[layer] = weights;
            _biases[layer] = new float[outputs];
        }

        for (int layer = 1; layer < _sizes.Length - 1; layer++)
        {
            _maxHiddenWidth = Math.Max(_maxHiddenWidth, _sizes[layer]);
        }
    }

    public ReadOnlySpan<int> LayerSizes => _sizes;

    public int InputSize => _sizes[0];

    public int OutputSize => _sizes[^1];

    /// <summary>Number of dense layers (one fewer than <see cref="LayerSizes"/>).</summary>
    public int LayerCount => _weights.Length;

    public int ParameterCount
    {
        get
        {
            int count = 0;
            for (int layer = 0; layer < _weights.Length; layer++)
            {
                count += _weights[layer].Length + _biases[layer].Length;
            }

            return count;
        }
    }

    /// <summary>Weights of <paramref name="layer"/>, row-major [outputs, inputs].</summary>
    public ReadOnlySpan<float> Weights(int layer) => _weights[layer];

    public ReadOnlySpan<float> Biases(int layer) => _biases[layer];

    /// <summary>Writes the layer sizes and every weight, so a trained network can be stored and served again.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        Snapshot.WriteVersion(writer, SnapshotVersion);
        writer.Write(_sizes.Length);
        foreach (int size in _sizes)
        {
            writer.Write(size);
        }

        for (int layer = 0; layer < _weights.Length; layer++)
        {
            Snapshot.WriteFloats(writer, _weights[layer]);
            Snapshot.WriteFloats(writer, _biases[layer]);
        }
    }

    /// <exception cref="InvalidDataException">The bytes are not a network this build wrote.</exception>
    public static Mlp ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, SnapshotVersion, nameof(Mlp));
        int layers = reader.ReadInt32();
        if (layers is < 2 or > 16)
        {
            throw new InvalidDataException($"An Mlp snapshot names {layers} layer sizes; between 2 and 16 are valid.");
        }

        var sizes = new int[layers];
        for (int i = 0; i < layers; i++)
        {
            sizes[i] = reader.ReadInt32();
            if (sizes[i] is < 1 or > 65_536)
            {
                throw new InvalidDataException($"An Mlp snapshot has a layer of {sizes[i]} units.");
            }
        }

        var mlp = new Mlp(0, sizes);
        for (int layer = 0; layer < mlp.LayerCount; layer++)
        {
            Snapshot.ReadFloats(reader, mlp._weights[layer], nameof(Mlp));
            Snapshot.ReadFloats(reader, mlp._biases[layer], nameof(Mlp));
        }

        return mlp;
    }

    internal Span<float> MutableWeights(int layer) => _weights[layer];

    internal Span<float> MutableBiases(int layer) => _biases[layer];

    /// <summary>Evaluates one input vector.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output) => ForwardBatch(input, 1, output);

    /// <summary>Evaluates <paramref name="batch"/> input rows laid out contiguously; writes as many output rows.</summary>
    public void ForwardBatch(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (inputs.Length < batch * InputSize)
        {
            throw new ArgumentException($"Need {batch * InputSize} inputs for a batch of {batch}.", nameof(inputs));
        }

        if (outputs.Length < batch * OutputSize)
        {
            throw new ArgumentException($"Need room for {batch * OutputSize} outputs.", nameof(outputs));
        }

        int scratchLength = 2 * batch * _maxHiddenWidth;
        float[]? rented = null;
        Span<float> scratch = scratchLength <= StackScratchLimit
            ? stackalloc float[scratchLength]
            : (rented = ArrayPool<float>.Shared.Rent(scratchLength));
        try
        {
            Span<float> even = scratch[..(batch * _maxHiddenWidth)];
            Span<float> odd = scratch.Slice(batch * _maxHiddenWidth, batch * _maxHiddenWidth);
            scoped ReadOnlySpan<float> current = inputs[..(batch * InputSize)];
            for (int layer = 0; layer < _weights.Length; layer++)
            {
                bool isOutput = layer == _weights.Length - 1;
                Span<float> next = isOutput ? outputs : (layer % 2 == 0 ? even : odd);
                Dense(layer, current, batch, next, applyRelu: !isOutput);
                current = next[..(batch * _sizes[layer + 1])];
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>One layer over a batch: destination row r = W · source row r + b, optionally rectified.</summary>
    private void Dense(int layer, ReadOnlySpan<float> source, int batch, Span<float> destination, bool applyRelu)
    {
        int inputs = _sizes[layer];
        int outputs = _sizes[layer + 1];
        ReadOnlySpan<float> weights = _weights[layer];
        ReadOnlySpan<float> biases = _biases[layer];
        for (int row = 0; row < batch; row++)
        {
            ReadOnlySpan<float> x = source.Slice(row * inputs, inputs);
            Span<float> y = destination.Slice(row * outputs, outputs);
            for (int o = 0; o < outputs; o++)
            {
                y[o] = TensorPrimitives.Dot(weights.Slice(o * inputs, inputs), x) + biases[o];
            }

            if (applyRelu)
            {
                TensorPrimitives.Max(y, 0f, y);
            }
        }
    }
}
