using Juno.Contracts.Grains;
using Juno.Contracts.Policies;
using Juno.Grains.Options;
using Juno.Inference;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Juno.Grains.Inference;

/// <summary>
/// Micro-batches inference requests from many entity grains into model runs. A stateless worker, so every silo runs
/// its own (no cross-silo hop per request), up to one per core; reentrant, so requests queue up while an earlier one
/// waits for its batch. The first request into an empty queue leads: it waits out the batching deadline and flushes;
/// a queue that reaches <see cref="InferenceOptions.MaxBatchSize"/> rows flushes at once. A run is synchronous CPU
/// work on the worker's own thread, so one flush is in flight per worker, and a worker busy running makes Orleans hand
/// the next request to another worker: the cores run batches in parallel. Requests are merged into a run up to
/// <see cref="InferenceOptions.MaxRowsPerRun"/> rows; each caller gets back exactly its own rows.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class InferenceBatcher(ModelCatalog catalog, IOptions<InferenceOptions> options) : Grain, IInferenceBatcher
{
    private readonly InferenceOptions _options = options.Value;
    private readonly List<PendingInference> _queue = [];
    private int _queuedRows;
    private ServedModel? _model;

    private ServedModel Model => _model ?? throw new InvalidOperationException("No model loaded yet.");

    public async Task<float[]> Infer(float[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _model ??= await LoadModelAsync();
        if (input.Length != Model.InputWidth)
        {
            throw new ArgumentException($"Model '{this.GetPrimaryKeyString()}' takes {Model.InputWidth} inputs; got {input.Length}.", nameof(input));
        }

        return await EnqueueAsync(input, 1);
    }

    public async Task<float[]> InferBatch(float[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _model ??= await LoadModelAsync();
        var width = Model.InputWidth;
        if (rows.Length == 0 || rows.Length % width != 0)
        {
            throw new ArgumentException($"Model '{this.GetPrimaryKeyString()}' takes rows of {width} inputs; got {rows.Length} values.", nameof(rows));
        }

        var count = rows.Length / width;
        if (count > _options.MaxRowsPerCall)
        {
            throw new ArgumentException($"A batch call carries at most {_options.MaxRowsPerCall} rows; this one has {count}.", nameof(rows));
        }

        return await EnqueueAsync(rows, count);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    private async Task<float[]> EnqueueAsync(float[] rows, int count)
    {
        if (_queuedRows + count > _options.MaxQueueLength)
        {
            throw new InferenceQueueFullException(this.GetPrimaryKeyString(), _options.MaxQueueLength);
        }

        var pending = new PendingInference(rows, count);
        _queue.Add(pending);
        _queuedRows += count;
        if (_queuedRows >= _options.MaxBatchSize)
        {
            Flush();
        }
        else if (_queue.Count == 1)
        {
            // Real time, not the injected clock: this is a latency bound, not business time.
            await Task.Delay(_options.MaxBatchDelay);
            Flush();
        }

        return await pending.Result.Task;
    }

    /// <summary>Models registered at start come from the catalog; a scaling-policy version is fetched from the policy
    /// registry the first time this silo serves it and kept (a version's network never changes).</summary>
    private async Task<ServedModel> LoadModelAsync()
    {
        var modelId = this.GetPrimaryKeyString();
        if (catalog.TryGet(modelId, out var served))
        {
            return served;
        }

        if (modelId.StartsWith("model:", StringComparison.Ordinal) && modelId.LastIndexOf('@') is var at and > 6
            && int.TryParse(modelId[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var modelVersion))
        {
            // A bring-your-own model: its file is checked against the digest recorded at upload before it serves.
            var (onnx, sha256) = await GrainFactory.GetGrain<IModelRegistryGrain>(modelId[6..at]).GetFile(modelVersion);
            if (!catalog.TryGet(modelId, out served))
            {
                try
                {
                    catalog.RegisterVerified(modelId, onnx, sha256);
                }
                catch (InvalidModelException error)
                {
                    // Said in a type every caller can receive: the registry and the HTTP facade report it.
                    throw new Contracts.Models.ModelRejectedException(error.Message);
                }
            }
        }
        else if (modelId.StartsWith(PolicyVersion.ModelIdOf(""), StringComparison.Ordinal))
        {
            var version = modelId[PolicyVersion.ModelIdOf("").Length..];
            var onnx = await GrainFactory.GetGrain<IScalingPolicyGrain>(IScalingPolicyGrain.RegistryKey).GetModel(version);
            if (!catalog.TryGet(modelId, out served))
            {
                catalog.Register(modelId, onnx);
            }
        }

        return catalog.GetServed(modelId);
    }

    private void Flush()
    {
        while (_queue.Count > 0)
        {
            // Take requests in arrival order while they fit in one run; a request bigger than a run goes alone.
            var taken = 1;
            var rows = _queue[0].Count;
            while (taken < _queue.Count && rows + _queue[taken].Count <= _options.MaxRowsPerRun)
            {
                rows += _queue[taken].Count;
                taken++;
            }

            var batch = _queue.GetRange(0, taken);
            _queue.RemoveRange(0, taken);
            _queuedRows -= rows;
            Run(batch, rows);
        }
    }

    private void Run(List<PendingInference> batch, int rows)
    {
        var model = Model;
        float[] inputs;
        if (batch.Count == 1)
        {
            inputs = batch[0].Rows;
        }
        else
        {
            inputs = new float[rows * model.InputWidth];
            var at = 0;
            foreach (var pending in batch)
            {
                pending.Rows.CopyTo(inputs, at);
                at += pending.Rows.Length;
            }
        }

        var outputs = new float[rows * model.OutputWidth];
        try
        {
            model.Run(inputs, rows, outputs);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(ex);
            }

            return;
        }

        if (batch.Count == 1)
        {
            batch[0].Result.TrySetResult(outputs);
            return;
        }

        var offset = 0;
        foreach (var pending in batch)
        {
            var length = pending.Count * model.OutputWidth;
            pending.Result.TrySetResult(outputs.AsSpan(offset, length).ToArray());
            offset += length;
        }
    }

    private sealed class PendingInference(float[] rows, int count)
    {
        public float[] Rows { get; } = rows;

        public int Count { get; } = count;

        public TaskCompletionSource<float[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
