using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

public sealed class NetworkingTests
{
    [Fact]
    public async Task Services_reach_each_other_by_name_and_alias_but_not_across_networks()
    {
        await using var project = new TempProject($$"""
            services:
              server:
                image: busybox:latest
                command: {{Busybox.Serve("mkdir -p /srv && httpd -f -p 8080 -h /srv")}}
                networks:
                  front: { aliases: [ api ] }
              client:
                image: busybox:latest
                command: {{Busybox.Idle}}
                networks: [ front ]
              outsider:
                image: busybox:latest
                command: {{Busybox.Idle}}
                networks: [ back ]
            networks:
              front: {}
              back: {}
            """);
        await project.ComposerOkAsync("up", "-d");
        await Docker.ExecAsync($"{project.Name}-server-1", "sh", "-c", "mkdir -p /srv && echo hello > /srv/index.html");

        var client = $"{project.Name}-client-1";
        Assert.Equal("hello", await Docker.ExecAsync(client, "wget", "-qO-", "http://server:8080/"));
        Assert.Equal("hello", await Docker.ExecAsync(client, "wget", "-qO-", "http://api:8080/"));
        var blocked = await Docker.TryAsync("exec", $"{project.Name}-outsider-1", "wget", "-T", "2", "-qO-", "http://server:8080/");
        Assert.NotEqual(0, blocked.ExitCode);
    }

    [Fact]
    public async Task Link_aliases_resolve_from_the_linking_container()
    {
        await using var project = new TempProject($$"""
            services:
              server:
                image: busybox:latest
                command: {{Busybox.Serve("mkdir -p /srv && httpd -f -p 9000 -h /srv")}}
              client:
                image: busybox:latest
                command: {{Busybox.Idle}}
                links: [ "server:server_machine" ]
            """);
        await project.ComposerOkAsync("up", "-d");
        await Docker.ExecAsync($"{project.Name}-server-1", "sh", "-c", "mkdir -p /srv && echo linked > /srv/index.html");
        Assert.Equal("linked", await Docker.ExecAsync($"{project.Name}-client-1", "wget", "-qO-", "http://server_machine:9000/"));
    }

    [Fact]
    public async Task Published_tcp_and_udp_ports_are_bound_on_loopback()
    {
        await using var project = new TempProject($$"""
            services:
              web:
                image: busybox:latest
                command: {{Busybox.Serve("mkdir -p /srv && echo published > /srv/index.html && httpd -f -p 80 -h /srv")}}
                ports: [ "127.0.0.1:18481:80", "127.0.0.1:18482:5353/udp" ]
            """);
        await project.ComposerOkAsync("up", "-d");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var body = await RetryAsync(() => http.GetStringAsync("http://127.0.0.1:18481/"));
        Assert.Equal("published", body.Trim());

        var udp = await Docker.RunAsync("port", $"{project.Name}-web-1", "5353/udp");
        Assert.Equal("127.0.0.1:18482", udp);
        var ports = await project.ComposerOkAsync("port", "web", "80");
        Assert.Equal("127.0.0.1:18481", ports.Stdout.Trim());
    }

    internal static async Task<T> RetryAsync<T>(Func<Task<T>> action, int attempts = 20)
    {
        for (var i = 1; ; i++)
        {
            try { return await action(); }
            catch (Exception) when (i < attempts) { await Task.Delay(250); }
        }
    }
}
