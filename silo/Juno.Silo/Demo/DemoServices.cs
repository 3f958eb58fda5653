using Juno.Actuation;
using Juno.Actuation.Simulation;
using Juno.Grains.Options;
using Microsoft.Extensions.Options;

namespace Juno.Silo.Demo;

internal static class DemoServices
{
    /// <summary>Registers the demo when <c>Juno:Demo:Enabled</c> is true. The simulated cluster then runs
    /// on the accelerated clock; registering it first wins over the default one on the real clock.</summary>
    public static IServiceCollection AddJunoDemo(this IServiceCollection services, IConfiguration configuration)
    {
        var demo = configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        if (!demo.Enabled)
        {
            return services;
        }

        var actuator = configuration.GetSection(ActuatorOptions.Section).Get<ActuatorOptions>() ?? new ActuatorOptions();
        if (!string.Equals(actuator.Mode, ActuatorModes.Simulated, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Juno:Demo:Enabled needs Juno:Actuator:Mode = simulated: the demo drives the simulated cluster, never a real one.");
        }

        if (demo.Validate() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddSingleton(sp => new AcceleratedClock(TimeProvider.System, demo.Speed));
        services.AddSingleton(sp => new SimulatedCluster(
            sp.GetRequiredService<IOptions<JunoClusterOptions>>().Value.Name,
            sp.GetRequiredService<AcceleratedClock>(),
            actuator.SimulationSeed));
        services.AddSingleton<IClusterActuator>(sp => sp.GetRequiredService<SimulatedCluster>());
        services.AddHostedService<SyntheticTelemetryService>();
        return services;
    }
}
