using k8s;
using k8s.Models;
using YamlDotNet.Core;

namespace Juno.Actuation.Tests;

/// <summary>deploy/kubernetes must load as typed Kubernetes objects (strictly: an unknown field is a
/// typo Kubernetes would silently drop) and must agree with itself and with what the code needs.</summary>
public sealed class DeployManifestTests
{
    private static readonly Lazy<IReadOnlyList<object>> Manifests = new(LoadManifests);

    [Fact]
    public void Every_manifest_loads_into_the_expected_kinds()
    {
        var kinds = Manifests.Value.Select(m => m.GetType().Name).Order().ToArray();

        Assert.Equal(
            ["V1ClusterRole", "V1ClusterRoleBinding", "V1ConfigMap", "V1Deployment", "V1Namespace", "V1Role", "V1RoleBinding", "V1Service", "V1Service", "V1ServiceAccount"],
            kinds);
        Assert.All(Manifests.Value.Cast<IKubernetesObject<V1ObjectMeta>>().Where(m => m is not (V1Namespace or V1ClusterRole or V1ClusterRoleBinding)),
            m => Assert.Equal("juno", m.Metadata.NamespaceProperty));
    }

    [Fact]
    public void The_silo_is_set_up_for_orleans_kubernetes_hosting()
    {
        var deployment = Single<V1Deployment>();
        var pod = deployment.Spec.Template;
        var container = Assert.Single(pod.Spec.Containers);

        Assert.Equal("juno", pod.Metadata.Labels["orleans/serviceId"]);
        Assert.Equal("juno", pod.Metadata.Labels["orleans/clusterId"]);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ORLEANS_SERVICE_ID"] = "metadata.labels['orleans/serviceId']",
                ["ORLEANS_CLUSTER_ID"] = "metadata.labels['orleans/clusterId']",
                ["POD_NAME"] = "metadata.name",
                ["POD_NAMESPACE"] = "metadata.namespace",
                ["POD_IP"] = "status.podIP",
            },
            container.Env.Where(e => e.ValueFrom?.FieldRef is not null).ToDictionary(e => e.Name, e => e.ValueFrom.FieldRef.FieldPath));
        Assert.Equal(
            [("http", 8080), ("silo", 11111), ("gateway", 30000)],
            container.Ports.Select(p => (p.Name, p.ContainerPort)));
        Assert.Equal("/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/health", container.LivenessProbe.HttpGet.Path);
        Assert.NotNull(container.Resources.Requests);
        Assert.NotNull(container.Resources.Limits);
        Assert.True(pod.Spec.SecurityContext.RunAsNonRoot);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, pod.Metadata.Labels.Where(l => deployment.Spec.Selector.MatchLabels.ContainsKey(l.Key)).ToDictionary());
    }

    [Fact]
    public void The_silo_reads_its_settings_from_the_config_map_and_the_database_from_a_secret_reference()
    {
        var container = Single<V1Deployment>().Spec.Template.Spec.Containers.Single();
        var config = Single<V1ConfigMap>();

        var connection = Assert.Single(container.Env, e => e.Name == "Juno__Storage__PostgresConnectionString");
        Assert.Null(connection.Value);
        Assert.Equal(("juno-postgres", "connection-string"), (connection.ValueFrom.SecretKeyRef.Name, connection.ValueFrom.SecretKeyRef.Key));
        Assert.Equal(config.Metadata.Name, Assert.Single(container.EnvFrom).ConfigMapRef.Name);
        Assert.Equal("kubernetes", config.Data["Juno__Actuator__Mode"]);
        Assert.Equal("true", config.Data["Juno__Actuator__Kubernetes__InCluster"]);
        Assert.Equal("true", config.Data["Juno__Orleans__KubernetesHosting"]);
        Assert.False(string.IsNullOrWhiteSpace(config.Data["Juno__Cluster__Name"]));
        Assert.DoesNotContain(Manifests.Value, m => m is V1Secret);
    }

    [Fact]
    public void Rbac_grants_exactly_what_the_actuator_and_orleans_hosting_use_to_the_silo()
    {
        var account = Single<V1ServiceAccount>();
        Assert.Equal(account.Metadata.Name, Single<V1Deployment>().Spec.Template.Spec.ServiceAccountName);

        Assert.Equal(
            [("apps", "deployments", "get,list,patch,update,watch"), ("apps", "deployments/scale", "get,patch,update"), ("apps", "replicasets", "list"),
                ("", "nodes", "get,list,patch,watch"), ("", "pods", "delete,get,list"), ("", "pods/eviction", "create"),
                ("networking.k8s.io", "networkpolicies", "create,get,update")],
            Rules(Single<V1ClusterRole>().Rules));
        Assert.Equal([("", "pods", "delete,get,list,patch,watch")], Rules(Single<V1Role>().Rules));

        var clusterBinding = Single<V1ClusterRoleBinding>();
        Assert.Equal(("ClusterRole", Single<V1ClusterRole>().Metadata.Name), (clusterBinding.RoleRef.Kind, clusterBinding.RoleRef.Name));
        var binding = Single<V1RoleBinding>();
        Assert.Equal(("Role", Single<V1Role>().Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        foreach (var subject in clusterBinding.Subjects.Concat(binding.Subjects))
        {
            Assert.Equal(("ServiceAccount", account.Metadata.Name, account.Metadata.NamespaceProperty), (subject.Kind, subject.Name, subject.NamespaceProperty));
        }
    }

    [Fact]
    public void The_silo_service_selects_the_silo_pods_and_exposes_http_and_the_gateway()
    {
        var service = Assert.Single(Manifests.Value.OfType<V1Service>(), s => s.Metadata.Name == "juno-silo");
        var pod = Single<V1Deployment>().Spec.Template;

        Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, pod.Metadata.Labels[label.Key]));
        Assert.Equal([("http", 8080, "http"), ("gateway", 30000, "gateway")], service.Spec.Ports.Select(p => (p.Name, p.Port, p.TargetPort.Value)));
    }

    private static T Single<T>() => Assert.Single(Manifests.Value.OfType<T>());

    /// <summary>Each rule as (group, resource, sorted verbs), one per resource.</summary>
    private static (string, string, string)[] Rules(IEnumerable<V1PolicyRule> rules) =>
        [.. rules.SelectMany(r => r.ApiGroups.SelectMany(g => r.Resources.Select(res => (g, res, string.Join(",", r.Verbs.Order())))))];

    private static IReadOnlyList<object> LoadManifests()
    {
        var directory = Path.Combine(RepositoryRoot(), "deploy", "kubernetes");
        var files = Directory.GetFiles(directory, "*.yaml");
        Assert.NotEmpty(files);
        return [.. files.Order().SelectMany(file =>
        {
            List<object> objects;
            try
            {
                objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true);
            }
            catch (YamlException ex)
            {
                throw new InvalidOperationException($"{file} is not valid Kubernetes YAML: {ex.Message}", ex);
            }

            Assert.True(objects.Count > 0, $"{file} holds no Kubernetes object");
            return objects;
        })];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Juno.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Juno.Orleans.sln above {AppContext.BaseDirectory}: the manifest tests must run from a repository checkout.");
    }
}
