using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Juno.Testing.Emulator;

/// <summary>A Kubernetes API server on 127.0.0.1 covering what the actuator uses: apps/v1 deployments and their scale
/// subresource, replicasets (list); core/v1 nodes, pods (list by label or node, read, delete) and their eviction
/// subresource honouring policy/v1 PodDisruptionBudgets (429 when a budget would break); networking.k8s.io/v1
/// networkpolicies (create, read, replace). Tests talk to it with KubernetesClient over real HTTP,
/// inspect its objects, and queue faults (status codes, delays, concurrent writes) for the next requests.</summary>
internal sealed class KubernetesApiEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store = new();
    private readonly FaultPlan _faults = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private CancellationTokenSource _watches = new();
    private TaskCompletionSource _watchesOpen = Open();

    private KubernetesApiEmulator()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Use(RecordAndInjectFaults);

        var handlers = new ApiHandlers(_store);
        _app.Map("/apis/apps/v1/namespaces/{namespace}/deployments/{name}",
            (HttpContext context, string @namespace, string name) => Serve(context, handlers, DeploymentView.Instance, @namespace, name));
        _app.Map("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
            (HttpContext context, string @namespace, string name) => Serve(context, handlers, ScaleView.Instance, @namespace, name));
        _app.Map("/api/v1/nodes/{name}",
            (HttpContext context, string name) => Serve(context, handlers, NodeView.Instance, "", name));
        _app.Map("/apis/networking.k8s.io/v1/namespaces/{namespace}/networkpolicies",
            (HttpContext context, string @namespace) => ServeCollection(context, handlers, NetworkPolicyView.Instance, @namespace));
        _app.Map("/apis/networking.k8s.io/v1/namespaces/{namespace}/networkpolicies/{name}",
            (HttpContext context, string @namespace, string name) => Serve(context, handlers, NetworkPolicyView.Instance, @namespace, name));
        _app.MapGet("/apis/apps/v1/deployments", (HttpContext context) => ListOrWatch(context, handlers, DeploymentView.Instance));
        _app.MapGet("/api/v1/nodes", (HttpContext context) => ListOrWatch(context, handlers, NodeView.Instance));
        _app.MapGet("/api/v1/pods", (HttpContext context) =>
            Write(context, handlers.List(PodView.Instance, null, context.Request.Query["labelSelector"], context.Request.Query["fieldSelector"])));
        _app.MapGet("/api/v1/namespaces/{namespace}/pods", (HttpContext context, string @namespace) =>
            Write(context, handlers.List(PodView.Instance, @namespace, context.Request.Query["labelSelector"], context.Request.Query["fieldSelector"])));
        _app.Map("/api/v1/namespaces/{namespace}/pods/{name}",
            (HttpContext context, string @namespace, string name) => Serve(context, handlers, PodView.Instance, @namespace, name));
        _app.MapPost("/api/v1/namespaces/{namespace}/pods/{name}/eviction",
            (HttpContext context, string @namespace, string name) => DryRunOf(context) is { } dryRun
                ? Write(context, handlers.Evict(@namespace, name, dryRun, EvictionRefused))
                : Write(context, ApiStatus.BadRequest("dryRun: Unsupported value")));
        _app.MapGet("/apis/apps/v1/namespaces/{namespace}/replicasets", (HttpContext context, string @namespace) =>
            Write(context, handlers.List(ReplicaSetView.Instance, @namespace, context.Request.Query["labelSelector"], context.Request.Query["fieldSelector"])));
        _app.MapFallback(context => Write(context, ApiStatus.UnknownPath()));
    }

    public string Url => _app.Urls.Single();

    /// <summary>Called with the pod's name each time a PodDisruptionBudget refuses an eviction (after the 429 is decided).</summary>
    public Action<string>? EvictionRefused { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<KubernetesApiEmulator> StartAsync()
    {
        var emulator = new KubernetesApiEmulator();
        await emulator._app.StartAsync();
        return emulator;
    }

    /// <summary>A client as the tests' code under test would build one, against this emulator.</summary>
    public k8s.Kubernetes CreateClient(TimeSpan? requestTimeout = null) => new(new KubernetesClientConfiguration
    {
        Host = Url,
        HttpClientTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
    });

    public V1Deployment AddDeployment(string @namespace, string name, int replicas, int readyReplicas)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Identity(name, @namespace, labels),
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = $"registry.example/{name}:1" }] },
                },
            },
            Status = new V1DeploymentStatus { Replicas = replicas, ReadyReplicas = readyReplicas, AvailableReplicas = readyReplicas },
        };
        return Add(DeploymentView.Instance, @namespace, name, deployment);
    }

    public V1Node AddNode(string name)
    {
        var node = new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = Identity(name, null, new Dictionary<string, string> { ["kubernetes.io/hostname"] = name }),
            Spec = new V1NodeSpec(),
        };
        return Add(NodeView.Instance, "", name, node);
    }

    /// <summary>A running pod on <paramref name="node"/>; <paramref name="ownerKind"/> "DaemonSet" makes drains skip it.</summary>
    public V1Pod AddPod(string @namespace, string name, string node, IDictionary<string, string> labels, string ownerKind = "ReplicaSet")
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = Identity(name, @namespace, new Dictionary<string, string>(labels)),
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "main", Image = "registry.example/app:1" }] },
            Status = new V1PodStatus { Phase = "Running" },
        };
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = ownerKind, Name = $"{name}-owner", Uid = Guid.NewGuid().ToString() }];
        return Add(PodView.Instance, @namespace, name, pod);
    }

    public bool HasPod(string @namespace, string name)
    {
        lock (_store.Gate)
        {
            return _store.Find(PodView.Instance.Resource, @namespace, name) is not null;
        }
    }

    /// <summary>A budget over the pods matching <paramref name="matchLabels"/>: evictions must leave <paramref name="minAvailable"/>.</summary>
    public void AddPodDisruptionBudget(string @namespace, string name, IDictionary<string, string> matchLabels, int minAvailable) =>
        Add(PodDisruptionBudgetView.Instance, @namespace, name, new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = Identity(name, @namespace, []),
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = minAvailable,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(matchLabels) },
            },
        });

    /// <summary>A ReplicaSet owned by the Deployment, at <paramref name="revision"/>, whose template runs <paramref name="image"/>.</summary>
    public V1ReplicaSet AddReplicaSet(string @namespace, string deployment, long revision, string image)
    {
        var owner = Deployment(@namespace, deployment);
        var hash = $"h{revision}";
        var labels = new Dictionary<string, string>(owner.Spec.Selector.MatchLabels) { ["pod-template-hash"] = hash };
        var metadata = Identity($"{deployment}-{hash}", @namespace, labels);
        metadata.Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = deployment, Uid = owner.Metadata.Uid, Controller = true }];
        return Add(ReplicaSetView.Instance, @namespace, metadata.Name, new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = metadata,
            Spec = new V1ReplicaSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = deployment, Image = image }] },
                },
            },
        });
    }

    /// <summary>A NetworkPolicy someone else created (or an earlier Juno action left).</summary>
    public V1NetworkPolicy AddNetworkPolicy(V1NetworkPolicy policy) =>
        Add(NetworkPolicyView.Instance, policy.Metadata.NamespaceProperty, policy.Metadata.Name, policy);

    /// <summary>The stored NetworkPolicy, or null when there is none.</summary>
    public V1NetworkPolicy? NetworkPolicy(string @namespace, string name)
    {
        lock (_store.Gate)
        {
            return _store.Find(NetworkPolicyView.Instance.Resource, @namespace, name) is { } stored
                ? KubernetesJson.Deserialize<V1NetworkPolicy>(stored.ToJsonString())
                : null;
        }
    }

    public V1Deployment Deployment(string @namespace, string name) => Read<V1Deployment>(DeploymentView.Instance, @namespace, name);

    public V1Node Node(string name) => Read<V1Node>(NodeView.Instance, "", name);

    /// <summary>A write by someone else (an HPA, a person with kubectl): new resourceVersion and all.</summary>
    public void ChangeDeployment(string @namespace, string name, Action<V1Deployment> change)
    {
        lock (_store.Gate)
        {
            var deployment = Read<V1Deployment>(DeploymentView.Instance, @namespace, name);
            change(deployment);
            _store.Save(DeploymentView.Instance.Resource, @namespace, name, ToJson(deployment));
        }
    }

    /// <summary>The next <paramref name="count"/> requests (of <paramref name="method"/>, if given) are
    /// answered with <paramref name="status"/> and a Status body, and not served.</summary>
    public void FailNext(int count, HttpStatusCode status, string? method = null) =>
        _faults.Add(new Fault { Method = method, Remaining = count, StatusCode = (int)status });

    /// <summary>Drops the faults still queued.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>The next <paramref name="count"/> requests wait <paramref name="delay"/> (or until the client gives up) first.</summary>
    public void DelayNext(int count, TimeSpan delay, string? method = null) =>
        _faults.Add(new Fault { Method = method, Remaining = count, Delay = delay });

    /// <summary>Runs <paramref name="interleave"/> just before the next <paramref name="method"/> request is
    /// served: a concurrent writer landing between the client's read and its write.</summary>
    public void BeforeNext(string method, Action interleave) =>
        _faults.Add(new Fault { Method = method, Remaining = 1, Before = interleave });

    /// <summary>Closes every open watch stream, as an API server restart or a load balancer's idle timeout does.</summary>
    public void EndWatches()
    {
        var ending = Interlocked.Exchange(ref _watches, new CancellationTokenSource());
        ending.Cancel();
        ending.Dispose();
    }

    /// <summary>New watch requests wait until <see cref="ResumeWatches"/>: changes made meanwhile happen while no
    /// client is watching.</summary>
    public void PauseWatches() => _watchesOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeWatches() => _watchesOpen.TrySetResult();

    /// <summary>Forgets the event history: a watch resumed from an older resourceVersion gets 410 Gone and must relist.</summary>
    public void CompactHistory()
    {
        lock (_store.Gate)
        {
            _store.Compact();
        }
    }

    public void DeleteDeployment(string @namespace, string name)
    {
        lock (_store.Gate)
        {
            _store.Remove(DeploymentView.Instance.Resource, @namespace, name);
        }
    }

    public void DeleteNode(string name)
    {
        lock (_store.Gate)
        {
            _store.Remove(NodeView.Instance.Resource, "", name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        EndWatches();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private Task ListOrWatch(HttpContext context, ApiHandlers handlers, ResourceView view) =>
        context.Request.Query["watch"].ToString() is "true" or "1"
            ? WatchAsync(context, view, context.Request.Query["resourceVersion"].ToString())
            : Write(context, handlers.List(view, null, context.Request.Query["labelSelector"], context.Request.Query["fieldSelector"]));

    /// <summary>A watch: one JSON event per line from after <paramref name="resourceVersion"/>, then each new write as it
    /// happens, until the client leaves or <see cref="EndWatches"/>. A revision older than the kept history gets an
    /// ERROR event carrying a 410 Expired Status, as from the real server.</summary>
    private async Task WatchAsync(HttpContext context, ResourceView view, string resourceVersion)
    {
        await _watchesOpen.Task.WaitAsync(context.RequestAborted);
        long.TryParse(resourceVersion, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var from);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _watches.Token);
        try
        {
            while (true)
            {
                List<WatchEvent>? events;
                Task next;
                lock (_store.Gate)
                {
                    events = _store.EventsAfter(view.Resource, from);
                    next = _store.NextChange;
                }

                if (events is null)
                {
                    await WriteEvent(context, "ERROR", ApiStatus.Expired(from).Body, ended.Token);
                    return;
                }

                foreach (var change in events)
                {
                    await WriteEvent(context, change.Type, view.Project(change.Object), ended.Token);
                    from = change.Revision;
                }

                await next.WaitAsync(ended.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client left or the test ended the watch: the stream just ends.
        }
    }

    private static async Task WriteEvent(HttpContext context, string type, JsonObject value, CancellationToken ct)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = value.DeepClone() }.ToJsonString() + "\n";
        await context.Response.WriteAsync(line, ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private async Task RecordAndInjectFaults(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.ContentType));

        var fault = _faults.Take(request.Method);
        fault?.Before?.Invoke();
        if (fault?.Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up waiting, which is the point of the delay
            }
        }

        if (fault?.StatusCode is { } status)
        {
            await Write(context, ApiStatus.Injected(status));
            return;
        }

        await next(context);
    }

    private static async Task Serve(HttpContext context, ApiHandlers handlers, ResourceView view, string @namespace, string name)
    {
        var request = context.Request;
        var dryRun = request.Query["dryRun"].ToString();
        if (dryRun is not ("" or "All"))
        {
            await Write(context, ApiStatus.BadRequest($"dryRun: Unsupported value: \"{dryRun}\": supported values: \"All\""));
            return;
        }

        var response = request.Method switch
        {
            "GET" => handlers.Get(view, @namespace, name),
            "PUT" => await ReadBody(request) is JsonObject desired
                ? handlers.Put(view, @namespace, name, desired, dryRun == "All")
                : ApiStatus.BadRequest("the request body is not a JSON object"),
            "PATCH" => PatchFormats.FromContentType(request.ContentType) is { } format
                ? handlers.Patch(view, @namespace, name, format, await ReadBody(request), dryRun == "All")
                : ApiStatus.UnsupportedMediaType(request.ContentType),
            "DELETE" when view == PodView.Instance => handlers.Delete(view, @namespace, name, dryRun == "All"),
            _ => ApiStatus.BadRequest($"method {request.Method} is not supported on {view.QualifiedResource}"),
        };
        await Write(context, response);
    }

    private static async Task ServeCollection(HttpContext context, ApiHandlers handlers, ResourceView view, string @namespace)
    {
        var request = context.Request;
        var dryRun = request.Query["dryRun"].ToString();
        if (dryRun is not ("" or "All"))
        {
            await Write(context, ApiStatus.BadRequest($"dryRun: Unsupported value: \"{dryRun}\": supported values: \"All\""));
            return;
        }

        var response = request.Method == "POST"
            ? await ReadBody(request) is JsonObject desired
                ? handlers.Create(view, @namespace, desired, dryRun == "All")
                : ApiStatus.BadRequest("the request body is not a JSON object")
            : ApiStatus.BadRequest($"method {request.Method} is not supported on the {view.QualifiedResource} collection");
        await Write(context, response);
    }

    /// <summary>True for dryRun=All, false for none, null for anything else (a 400).</summary>
    private static bool? DryRunOf(HttpContext context) => context.Request.Query["dryRun"].ToString() switch
    {
        "" => false,
        "All" => true,
        _ => null,
    };

    private static async Task<JsonNode?> ReadBody(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task Write(HttpContext context, ApiResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(response.Body.ToJsonString());
    }

    private static V1ObjectMeta Identity(string name, string? @namespace, Dictionary<string, string> labels) => new()
    {
        Name = name,
        NamespaceProperty = @namespace,
        Uid = Guid.NewGuid().ToString(),
        CreationTimestamp = DateTime.UtcNow,
        Labels = labels,
    };

    private T Add<T>(ResourceView view, string @namespace, string name, T value)
    {
        lock (_store.Gate)
        {
            _store.Save(view.Resource, @namespace, name, ToJson(value));
            return Read<T>(view, @namespace, name);
        }
    }

    private T Read<T>(ResourceView view, string @namespace, string name)
    {
        lock (_store.Gate)
        {
            var stored = _store.Find(view.Resource, @namespace, name)
                ?? throw new InvalidOperationException($"The emulator has no {view.QualifiedResource} {@namespace}/{name}.");
            return KubernetesJson.Deserialize<T>(stored.ToJsonString());
        }
    }

    private static JsonObject ToJson<T>(T value) => JsonNode.Parse(KubernetesJson.Serialize(value))!.AsObject();
}
