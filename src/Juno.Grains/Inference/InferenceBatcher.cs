using Juno.Contracts.Grains;
using Juno.Contracts.Policies;
using Juno.Grains.Options;
using Juno.Inference;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Juno.Grains.Inference;

/// <summary>Micro-batches inference requests from many entity grains into one model run. A stateless
/// worker, so every silo runs one locally (no cross-silo hop per request), and reentrant, so requests
/// queue up while an earlier one waits for its batch. The first request into an empty queue leads: it
/// waits out the batching deadline and flushes; a full batch flushes at once. Each run is synchronous
/// CPU work, so exactly one flush is ever in flight per worker.</summary>
[StatelessWorker(1)]
[Reentrant]
internal sealed class InferenceBatcher(ModelCatalog catalog, IOptions<InferenceOptions> options) : Grain, IInferenceBatcher
{
    private readonly InferenceOptions _options = options.Value;
    private readonly List<PendingInference> _queue = [];
    private OnnxInferenceSession? _session;

    private OnnxInferenceSession Session => _session ?? throw new InvalidOperationException("No session loaded yet.");

    public async Task<float[]> Infer(float[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _session ??= await LoadSessionAsync();
        if (input.Length != Session.InputWidth)
        {
            throw new ArgumentException($"Model '{this.GetPrimaryKeyString()}' takes {Session.InputWidth} inputs; got {input.Length}.", nameof(input));
        }

        if (_queue.Count >= _options.MaxQueueLength)
        {
            throw new InferenceQueueFullException(this.GetPrimaryKeyString(), _options.MaxQueueLength);
        }

        var pending = new PendingInference(input);
        _queue.Add(pending);
        if (_queue.Count >= _options.MaxBatchSize)
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
    private async Task<OnnxInferenceSession> LoadSessionAsync()
    {
        var modelId = this.GetPrimaryKeyString();
        if (catalog.TryGet(modelId, out var session))
        {
            return session;
        }

        if (modelId.StartsWith(PolicyVersion.ModelIdOf(""), StringComparison.Ordinal))
        {
            var version = modelId[PolicyVersion.ModelIdOf("").Length..];
            var onnx = await GrainFactory.GetGrain<IScalingPolicyGrain>(IScalingPolicyGrain.RegistryKey).GetModel(version);
            if (!catalog.TryGet(modelId, out session))
            {
                catalog.Register(modelId, onnx);
            }
        }

        return catalog.Get(modelId);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    private void Flush()
    {
        while (_queue.Count > 0)
        {
            var count = Math.Min(_queue.Count, _options.MaxBatchSize);
            var batch = _queue.GetRange(0, count);
            _queue.RemoveRange(0, count);
            Run(batch);
        }
    }

    private void Run(List<PendingInference> batch)
    {
        var session = Session;
        var inputs = new float[batch.Count * session.InputWidth];
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Input.CopyTo(inputs, i * session.InputWidth);
        }

        var outputs = new float[batch.Count * session.OutputWidth];
        try
        {
            session.Run(inputs, batch.Count, outputs);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Result.TrySetResult(outputs.AsSpan(i * session.OutputWidth, session.OutputWidth).ToArray());
        }
    }

    private sealed class PendingInference(float[] input)
    {
        public float[] Input { get; } = input;

        public TaskCompletionSource<float[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
