using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// Builds and runs `composer agent`: a Microsoft.Extensions.Hosting host (ASP.NET Core's slim
/// builder, for Kestrel on a unix socket) with the agent as a hosted service. Runs until
/// SIGTERM / Ctrl-C, then stops cleanly.
/// </summary>
internal static class AgentHost
{
    /// <param name="flags">Settings given as flags; they win over the config file and environment.</param>
    public static async Task<int> RunAsync(string? configFile, IReadOnlyDictionary<string, string?> flags, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        var early = new ConfigurationBuilder().AddEnvironmentVariables("COMPOSER_AGENT_").AddInMemoryCollection(flags).Build();
        var stateDirectory = early["StateDirectory"] is { Length: > 0 } s ? s : AgentOptions.StateDirectoryFromEnvironment();
        var file = configFile ?? Path.Combine(stateDirectory, "agent.json");
        if (configFile is not null && !File.Exists(configFile)) throw new UsageException($"--config: no such file: {configFile}");
        builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables("COMPOSER_AGENT_")
            .AddInMemoryCollection(flags);

        var options = AgentOptions.From(builder.Configuration);
        Directory.CreateDirectory(options.StateDirectory);
        await ClaimSocketAsync(options.Socket, cancellationToken).ConfigureAwait(false);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Quartz", LogLevel.Warning)
            // The host would log a failure with its stack trace; the agent says it in one line and exits non-zero.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(options.Socket));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AgentService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AgentService>());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        await using var app = builder.Build();
        var agent = app.Services.GetRequiredService<AgentService>();
        app.Run(context => ControlApi.HandleAsync(context, agent));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // 0660: the agent's group (say, docker) may talk to it; nobody else.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(options.Socket, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        });
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        if (agent.Fatal is { } fatal) throw new AgentFailedException(fatal.Message, fatal);
        return 0;
    }

    /// <summary>A socket file left by a killed agent is removed; one that answers means an agent is running.</summary>
    private static async Task ClaimSocketAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path)) return;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            throw new UsageException($"an agent is already running on {path}");
        }
        catch (SocketException)
        {
            File.Delete(path);
        }
    }
}

/// <summary>The agent gave up: its message is the one line the user reads, and the exit code is 1.</summary>
internal sealed class AgentFailedException(string message, Exception inner) : Exception(message, inner);
