using Juno.Contracts.Grains;
using Juno.Grains.Options;
using Juno.Inference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
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
internal sealed class InferenceBatcher(ModelCatalog catalog, IOptions<InferenceOptions> options, IServiceProvider services) : Grain, IInferenceBatcher
{
    private readonly InferenceOptions _options = options.Value;

    // Resolved once: a profile of the grain path showed a container lookup per flush costing nearly as much as the run.
    private readonly ISiloMetadataCache? _metadata = services.GetService<ISiloMetadataCache>();
    private readonly SiloAddress _localSilo = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    private readonly IClusterMembershipService _membership = services.GetRequiredService<IClusterMembershipService>();
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

    private Task<ServedModel> LoadModelAsync() => ModelLoader.LoadAsync(catalog, GrainFactory, this.GetPrimaryKeyString());

    /// <summary>True when this silo has no GPU and some active silo advertises one: whole batches go there.</summary>
    private bool ForwardToGpu() =>
        _metadata is { } metadata
        && !GpuSilos.IsGpu(metadata, _localSilo)
        && _membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && GpuSilos.IsGpu(metadata, m.SiloAddress));

    private void Flush()
    {
        var forward = _queue.Count > 0 && ForwardToGpu();
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
            if (forward)
            {
                _ = ForwardAsync(batch, rows);
            }
            else
            {
                Run(batch, rows);
            }
        }
    }

    private void Run(List<PendingInference> batch, int rows)
    {
        var model = Model;
        var inputs = Merge(batch, rows * model.InputWidth);
        var outputs = new float[rows * model.OutputWidth];
        try
        {
            model.Run(inputs, rows, outputs);
        }
        catch (Exception ex)
        {
            Fail(batch, ex);
            return;
        }

        Answer(batch, outputs);
    }

    /// <summary>The whole run goes to the model server on a GPU silo as one message; callers are answered from its reply.</summary>
    private async Task ForwardAsync(List<PendingInference> batch, int rows)
    {
        try
        {
            var outputs = await GrainFactory.GetGrain<IModelServerGrain>(this.GetPrimaryKeyString()).Run(Merge(batch, rows * Model.InputWidth));
            Answer(batch, outputs);
        }
        catch (Exception ex)
        {
            Fail(batch, ex);
        }
    }

    private static float[] Merge(List<PendingInference> batch, int length)
    {
        if (batch.Count == 1)
        {
            return batch[0].Rows;
        }

        var inputs = new float[length];
        var at = 0;
        foreach (var pending in batch)
        {
            pending.Rows.CopyTo(inputs, at);
            at += pending.Rows.Length;
        }

        return inputs;
    }

    private static void Fail(List<PendingInference> batch, Exception ex)
    {
        foreach (var pending in batch)
        {
            pending.Result.TrySetException(ex);
        }
    }

    private void Answer(List<PendingInference> batch, float[] outputs)
    {
        var model = Model;
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
