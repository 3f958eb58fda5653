using System.Numerics.Tensors;

namespace Juno.Intelligence;

/// <summary>
/// Mean-squared-error regression of an <see cref="Mlp"/> with Adam on fixed-size mini-batches.
/// </summary>
/// <remarks>
/// Activations are kept feature-major ([feature][row]) so every vector operation runs over the whole batch: a layer
/// costs outputs × inputs calls of batch length instead of rows × outputs short ones, which is what makes a few
/// thousand steps fit in a second or two. Buffers are sized once; a training loop allocates nothing per step.
/// </remarks>
internal sealed class MlpTrainer
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float AdamEpsilon = 1e-8f;

    private readonly Mlp _mlp;
    private readonly int _batch;
    private readonly float[][] _activations;
    private readonly float[][] _deltas;
    private readonly float[][] _gradients;
    private readonly float[][] _firstMoments;
    private readonly float[][] _secondMoments;
    private int _steps;

    public MlpTrainer(Mlp mlp, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _mlp = mlp;
        _batch = batchSize;
        ReadOnlySpan<int> sizes = mlp.LayerSizes;
        _activations = new float[sizes.Length][];
        for (int i = 0; i < sizes.Length; i++)
        {
            _activations[i] = new float[batchSize * sizes[i]];
        }

        _deltas = new float[mlp.LayerCount][];
        for (int layer = 0; layer < mlp.LayerCount; layer++)
        {
            _deltas[layer] = new float[batchSize * sizes[layer + 1]];
        }

        // Parameter tensors interleave as weights(0), biases(0), weights(1), ...
        _gradients = new float[2 * mlp.LayerCount][];
        _firstMoments = new float[_gradients.Length][];
        _secondMoments = new float[_gradients.Length][];
        for (int index = 0; index < _gradients.Length; index++)
        {
            int layer = index / 2;
            int length = index % 2 == 0 ? mlp.Weights(layer).Length : mlp.Biases(layer).Length;
            _gradients[index] = new float[length];
            _firstMoments[index] = new float[length];
            _secondMoments[index] = new float[length];
        }
    }

    /// <summary>One Adam step on a batch of row-major rows; returns the batch's mean squared error before the step.</summary>
    public double TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, float learningRate)
    {
        double loss = ComputeGradients(inputs, targets);
        ApplyAdam(learningRate);
        return loss;
    }

    /// <summary>Gradient of the last batch's loss with respect to a layer's weights or biases.</summary>
    internal ReadOnlySpan<float> Gradient(int layer, bool biases) => _gradients[(2 * layer) + (biases ? 1 : 0)];

    /// <summary>Forward and backward pass: fills the gradients and returns the batch's mean squared error.</summary>
    internal double ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        ReadOnlySpan<int> sizes = _mlp.LayerSizes;
        int layers = _mlp.LayerCount;
        Transpose(inputs, sizes[0], _activations[0]);
        for (int layer = 0; layer < layers; layer++)
        {
            Forward(layer, sizes[layer], sizes[layer + 1], applyRelu: layer < layers - 1);
        }

        float[] outputDelta = _deltas[layers - 1];
        Transpose(targets, sizes[layers], outputDelta);
        TensorPrimitives.Subtract(_activations[layers], outputDelta, outputDelta);
        double loss = TensorPrimitives.SumOfSquares<float>(outputDelta) / outputDelta.Length;
        TensorPrimitives.Multiply(outputDelta, 2f / outputDelta.Length, outputDelta);

        for (int layer = layers - 1; layer >= 0; layer--)
        {
            Backward(layer, sizes[layer], sizes[layer + 1]);
        }

        return loss;
    }

    private void Forward(int layer, int inputs, int outputs, bool applyRelu)
    {
        ReadOnlySpan<float> weights = _mlp.Weights(layer);
        ReadOnlySpan<float> biases = _mlp.Biases(layer);
        float[] source = _activations[layer];
        float[] destination = _activations[layer + 1];
        for (int o = 0; o < outputs; o++)
        {
            Span<float> output = destination.AsSpan(o * _batch, _batch);
            output.Fill(biases[o]);
            for (int i = 0; i < inputs; i++)
            {
                TensorPrimitives.MultiplyAdd(source.AsSpan(i * _batch, _batch), weights[(o * inputs) + i], output, output);
            }
        }

        if (applyRelu)
        {
            TensorPrimitives.Max(destination, 0f, destination);
        }
    }

    private void Backward(int layer, int inputs, int outputs)
    {
        ReadOnlySpan<float> weights = _mlp.Weights(layer);
        float[] weightGradient = _gradients[2 * layer];
        float[] biasGradient = _gradients[(2 * layer) + 1];
        float[] source = _activations[layer];
        float[] delta = _deltas[layer];
        for (int o = 0; o < outputs; o++)
        {
            ReadOnlySpan<float> outputDelta = delta.AsSpan(o * _batch, _batch);
            biasGradient[o] = TensorPrimitives.Sum(outputDelta);
            for (int i = 0; i < inputs; i++)
            {
                weightGradient[(o * inputs) + i] = TensorPrimitives.Dot(outputDelta, source.AsSpan(i * _batch, _batch));
            }
        }

        if (layer == 0)
        {
            return;
        }

        // Delta of the layer below: W^T delta, gated by the ReLU that produced this layer's input.
        float[] below = _deltas[layer - 1];
        for (int i = 0; i < inputs; i++)
        {
            Span<float> belowRow = below.AsSpan(i * _batch, _batch);
            belowRow.Clear();
            for (int o = 0; o < outputs; o++)
            {
                TensorPrimitives.MultiplyAdd(delta.AsSpan(o * _batch, _batch), weights[(o * inputs) + i], belowRow, belowRow);
            }
        }

        for (int k = 0; k < below.Length; k++)
        {
            if (source[k] <= 0)
            {
                below[k] = 0;
            }
        }
    }

    private void ApplyAdam(float learningRate)
    {
        _steps++;
        float firstCorrection = 1f / (1f - MathF.Pow(Beta1, _steps));
        float secondCorrection = 1f / (1f - MathF.Pow(Beta2, _steps));
        for (int index = 0; index < _gradients.Length; index++)
        {
            int layer = index / 2;
            Span<float> parameters = index % 2 == 0 ? _mlp.MutableWeights(layer) : _mlp.MutableBiases(layer);
            float[] gradient = _gradients[index];
            float[] first = _firstMoments[index];
            float[] second = _secondMoments[index];
            for (int i = 0; i < parameters.Length; i++)
            {
                float g = gradient[i];
                first[i] = (Beta1 * first[i]) + ((1 - Beta1) * g);
                second[i] = (Beta2 * second[i]) + ((1 - Beta2) * g * g);
                parameters[i] -= learningRate * first[i] * firstCorrection / (MathF.Sqrt(second[i] * secondCorrection) + AdamEpsilon);
            }
        }
    }

    // Row-major [row][feature] to feature-major [feature][row].
    private void Transpose(ReadOnlySpan<float> rows, int width, Span<float> destination)
    {
        for (int row = 0; row < _batch; row++)
        {
            for (int feature = 0; feature < width; feature++)
            {
                destination[(feature * _batch) + row] = rows[(row * width) + feature];
            }
        }
    }
}
