using System.Net;
using Microsoft.Extensions.Hosting;
using Juno.Client;
using Orleans.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

public static class JunoClientServiceCollectionExtensions
{
    /// <summary>Adds an Orleans client connected to a Juno cluster and the typed <see cref="IJunoClient"/>.</summary>
    public static IServiceCollection AddJunoClient(this IServiceCollection services, Action<JunoClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new JunoClientOptions();
        configure(options);
        options.Validate();

        services.AddOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            if (!string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            {
                client.UseAdoNetClustering(adoNet =>
                {
                    adoNet.Invariant = "Npgsql";
                    adoNet.ConnectionString = options.PostgresConnectionString;
                });
            }
            else
            {
                client.UseStaticClustering([.. options.Gateways.Select(ParseGateway)]);
            }
        });
        return services.AddJunoClientOver(options);
    }

    /// <summary>Adds the typed client over an Orleans client or silo already in the container.</summary>
    public static IServiceCollection AddJunoClient(this IServiceCollection services, string defaultCluster = "local") =>
        services.AddJunoClientOver(new JunoClientOptions { DefaultCluster = defaultCluster });

    private static IServiceCollection AddJunoClientOver(this IServiceCollection services, JunoClientOptions options)
    {
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton<IJunoClient, JunoClient>();
        return services;
    }

    private static IPEndPoint ParseGateway(string gateway)
    {
        if (!IPEndPoint.TryParse(gateway, out var endpoint) || endpoint.Port == 0)
        {
            var parts = gateway.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[1], out var port) && Dns.GetHostAddresses(parts[0]) is [var address, ..])
            {
                return new IPEndPoint(address, port);
            }

            throw new ArgumentException($"Gateway '{gateway}' is not host:port.");
        }

        return endpoint;
    }
}
