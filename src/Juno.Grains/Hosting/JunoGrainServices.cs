using Juno.Actuation;
using Juno.Actuation.Simulation;
using Juno.Grains.Options;
using Juno.Inference;
using Juno.Intelligence;
using Juno.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juno.Grains.Hosting;

/// <summary>Everything Juno's grains need from the silo's container, chosen by configuration only.</summary>
public static class JunoGrainServices
{
    public static IServiceCollection AddJunoGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        AddValidated<DecisionOptions>(services, DecisionOptions.Section, o => o.Validate());
        AddValidated<ThreatOptions>(services, ThreatOptions.Section, o => o.Validate());
        AddValidated<GovernanceOptions>(services, GovernanceOptions.Section, o => o.Validate());
        AddValidated<InferenceOptions>(services, InferenceOptions.Section, o => o.Validate());
        AddValidated<JunoClusterOptions>(services, JunoClusterOptions.Section, o => Contracts.Keys.EntityKeys.IsValidSegment(o.Name, out var e) ? null : $"Juno:Cluster:Name '{o.Name}' {e}.");
        AddValidated<ActuatorOptions>(services, ActuatorOptions.Section, o => o.Mode is ActuatorModes.Simulated or ActuatorModes.Kubernetes ? null : $"Juno:Actuator:Mode must be '{ActuatorModes.Simulated}' or '{ActuatorModes.Kubernetes}', not '{o.Mode}'.");
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Threats.IThreatNotifier, Threats.LoggingThreatNotifier>();
        services.AddHostedService<GovernanceStartup>();
        services.AddHostedService<DiscoveryService>();
        Orleans.Placement.PlacementFilterExtensions.AddPlacementFilter<Inference.GpuSiloPlacementFilterStrategy, Inference.GpuSiloPlacementFilterDirector>(services, ServiceLifetime.Singleton);
        services.TryAddSingleton(sp => CreateModelCatalog(sp.GetRequiredService<IOptions<InferenceOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddJunoRecordStore(storage.IsDurable ? storage.PostgresConnectionString : null);

        var actuator = configuration.GetSection(ActuatorOptions.Section).Get<ActuatorOptions>() ?? new ActuatorOptions();
        if (string.Equals(actuator.Mode, ActuatorModes.Kubernetes, StringComparison.OrdinalIgnoreCase))
        {
            services.AddKubernetesActuator(o => configuration.GetSection($"{ActuatorOptions.Section}:Kubernetes").Bind(o));
        }
        else
        {
            services.TryAddSingleton(sp => new SimulatedCluster(
                sp.GetRequiredService<IOptions<JunoClusterOptions>>().Value.Name,
                sp.GetRequiredService<TimeProvider>(),
                actuator.SimulationSeed));
            services.TryAddSingleton<IClusterActuator>(sp => sp.GetRequiredService<SimulatedCluster>());
        }

        return services;
    }

    /// <summary>Pretrains the shared Q-network (deterministic for the seed), writes it as ONNX and loads
    /// it into ONNX Runtime, so the agents' Q-values come from the same runtime a bring-your-own model uses.</summary>
    private static ModelCatalog CreateModelCatalog(InferenceOptions options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ModelCatalog));
        var started = TimeProvider.System.GetTimestamp();
        var catalog = new ModelCatalog(loggers.CreateLogger<ModelCatalog>());
        var network = QNetworkFactory.CreatePretrained(options.QNetworkSeed);
        catalog.Register(ModelCatalog.QNetworkModelId, OnnxModelWriter.WriteMlp(network), network);
        logger.LogInformation("Q-network pretrained and loaded in {Elapsed} ({Paths})",
            TimeProvider.System.GetElapsedTime(started), string.Join(", ", catalog.Paths.Select(p => $"{p.Key}: {p.Value}")));
        return catalog;
    }

    private static void AddValidated<T>(IServiceCollection services, string section, Func<T, string?> validate)
        where T : class
    {
        services.AddOptions<T>()
            .BindConfiguration(section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new DelegateValidator<T>(validate));
    }

    /// <summary>Reports the specific problem rather than a generic "validation failed".</summary>
    private sealed class DelegateValidator<T>(Func<T, string?> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            validate(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
