using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Juno.Contracts.Actions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Juno.Actuation;

/// <summary>
/// Follows the cluster's Deployments and Nodes with list-then-watch, the informer pattern: a list gives everything and
/// a resourceVersion, a watch from it gives each change. A watch that ends (server timeout, a dropped connection) is
/// resumed from the last resourceVersion seen; one the server answers with 410 Gone (history compacted) is replaced by a
/// fresh list, and whatever the list no longer holds is reported gone. Failures back off up to 30 s and never end it.
/// </summary>
public sealed partial class KubernetesInventory(IKubernetes client, ILogger<KubernetesInventory> logger, TimeProvider? time = null) : IClusterInventory
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async IAsyncEnumerable<InventoryChange> WatchAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var changes = Channel.CreateUnbounded<InventoryChange>(new UnboundedChannelOptions { SingleReader = true });
        var followers = Task.WhenAll(
            FollowAsync(EntityKind.Workload, ListDeploymentsAsync, WatchDeployments, changes.Writer, ct),
            FollowAsync(EntityKind.Node, ListNodesAsync, WatchNodes, changes.Writer, ct));
        _ = followers.ContinueWith(_ => changes.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        await foreach (var change in changes.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            yield return change;
        }
    }

    private async Task FollowAsync(
        EntityKind kind,
        Func<CancellationToken, Task<(IList<V1ObjectMeta> Items, string ResourceVersion)>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, V1ObjectMeta Metadata)>> watch,
        ChannelWriter<InventoryChange> changes,
        CancellationToken ct)
    {
        var known = new Dictionary<(string Namespace, string Name), IReadOnlyDictionary<string, string>>();
        string? resourceVersion = null;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            Exception? streamError = null;
            try
            {
                if (resourceVersion is null)
                {
                    var (items, listed) = await list(ct).ConfigureAwait(false);
                    var present = new HashSet<(string, string)>();
                    foreach (var item in items)
                    {
                        var key = (item.NamespaceProperty ?? "", item.Name);
                        present.Add(key);
                        if (known.TryAdd(key, Labels(item)))
                        {
                            await changes.WriteAsync(new InventoryChange(InventoryEvent.Present, kind, key.Item1, key.Name, known[key]), ct).ConfigureAwait(false);
                        }
                    }

                    foreach (var gone in known.Keys.Where(k => !present.Contains(k)).ToList())
                    {
                        await changes.WriteAsync(new InventoryChange(InventoryEvent.Gone, kind, gone.Namespace, gone.Name, known[gone]), ct).ConfigureAwait(false);
                        known.Remove(gone);
                    }

                    resourceVersion = listed;
                }

                await foreach (var (type, metadata) in watch(resourceVersion, e => streamError = e, ct).ConfigureAwait(false))
                {
                    resourceVersion = metadata.ResourceVersion ?? resourceVersion;
                    var key = (metadata.NamespaceProperty ?? "", metadata.Name);
                    if (type is WatchEventType.Added or WatchEventType.Modified && known.TryAdd(key, Labels(metadata)))
                    {
                        await changes.WriteAsync(new InventoryChange(InventoryEvent.Present, kind, key.Item1, key.Name, known[key]), ct).ConfigureAwait(false);
                    }
                    else if (type == WatchEventType.Deleted && known.Remove(key, out var labels))
                    {
                        await changes.WriteAsync(new InventoryChange(InventoryEvent.Gone, kind, key.Item1, key.Name, labels), ct).ConfigureAwait(false);
                    }
                }

                failures = 0;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpOperationException or HttpRequestException or IOException or KubernetesException or System.Text.Json.JsonException or OperationCanceledException)
            {
                streamError = ex;
            }

            if (ct.IsCancellationRequested)
            {
                break;
            }

            if (streamError is KubernetesException { Status.Code: (int)HttpStatusCode.Gone }
                || streamError is HttpOperationException { Response.StatusCode: HttpStatusCode.Gone })
            {
                LogRelist(logger, kind, resourceVersion);
                resourceVersion = null;
            }
            else if (streamError is not null)
            {
                var delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, TimeSpan.FromMilliseconds(500).Ticks << Math.Min(failures++, 10)));
                LogWatchFailed(logger, kind, delay, streamError.Message);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<(IList<V1ObjectMeta>, string)> ListDeploymentsAsync(CancellationToken ct)
    {
        var list = await client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false);
        return ([.. list.Items.Select(d => d.Metadata)], list.Metadata.ResourceVersion);
    }

    private async Task<(IList<V1ObjectMeta>, string)> ListNodesAsync(CancellationToken ct)
    {
        var list = await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false);
        return ([.. list.Items.Select(n => n.Metadata)], list.Metadata.ResourceVersion);
    }

    private async IAsyncEnumerable<(WatchEventType, V1ObjectMeta)> WatchDeployments(string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
    {
        var events = client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: resourceVersion, onError: onError, cancellationToken: ct);
        await foreach (var (type, deployment) in events.ConfigureAwait(false))
        {
            yield return (type, deployment.Metadata);
        }
    }

    private async IAsyncEnumerable<(WatchEventType, V1ObjectMeta)> WatchNodes(string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
    {
        var events = client.CoreV1.WatchListNodeAsync(
            allowWatchBookmarks: true, resourceVersion: resourceVersion, onError: onError, cancellationToken: ct);
        await foreach (var (type, node) in events.ConfigureAwait(false))
        {
            yield return (type, node.Metadata);
        }
    }

    private static IReadOnlyDictionary<string, string> Labels(V1ObjectMeta metadata) =>
        metadata.Labels is { } labels ? new Dictionary<string, string>(labels) : new Dictionary<string, string>();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} watch from resourceVersion {ResourceVersion} expired (410): listing again")]
    private static partial void LogRelist(ILogger logger, EntityKind kind, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} watch failed, retrying in {Delay}: {Reason}")]
    private static partial void LogWatchFailed(ILogger logger, EntityKind kind, TimeSpan delay, string reason);
}
