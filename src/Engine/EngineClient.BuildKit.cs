using System.Text.Json;
using Composer.Engine.BuildKit;

namespace Composer.Engine;

public sealed partial class EngineClient
{
    /// <summary>BuildKit sessions left the engine's experimental API with 1.39 (Docker 18.09); older engines build the classic way.</summary>
    private async Task<bool> SupportsBuildKitAsync(CancellationToken cancellationToken)
    {
        var prefix = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        return Version.TryParse(prefix.TrimStart('/', 'v'), out var version) && version >= new Version(1, 39);
    }

    /// <summary>
    /// A build by the engine's BuildKit: the context and the Dockerfile's directory are offered
    /// through a session, and `POST /build?version=2` names that session instead of carrying a tar,
    /// as the docker CLI does with DOCKER_BUILDKIT=1.
    /// </summary>
    private async Task<string?> BuildWithBuildKitAsync(string contextDirectory, ImageBuildRequest request, Action<string> progress,
        CancellationToken cancellationToken)
    {
        var prefix = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        var context = Path.GetFullPath(contextDirectory);
        string? temporary = null;
        string dockerfileDirectory, dockerfileName;
        if (request.DockerfileText is { } inline)
        {
            temporary = Directory.CreateTempSubdirectory("composer-dockerfile-").FullName;
            await File.WriteAllTextAsync(Path.Combine(temporary, "Dockerfile"), inline, cancellationToken).ConfigureAwait(false);
            (dockerfileDirectory, dockerfileName) = (temporary, "Dockerfile");
        }
        else
        {
            var dockerfile = Path.GetFullPath(Path.Combine(context, request.Dockerfile));
            if (!File.Exists(dockerfile)) throw new FileNotFoundException($"Dockerfile not found: {dockerfile}", dockerfile);
            (dockerfileDirectory, dockerfileName) = (Path.GetDirectoryName(dockerfile)!, Path.GetFileName(dockerfile));
        }

        try
        {
            var sshAgents = await SshForwardAgents.ResolveAsync(request.Ssh, Environment.GetEnvironmentVariable, cancellationToken).ConfigureAwait(false);
            await using var session = await Session.OpenAsync(Endpoint, prefix,
                new Dictionary<string, string> { ["context"] = context, ["dockerfile"] = dockerfileDirectory }, request.Secrets, sshAgents, cancellationToken).ConfigureAwait(false);
            var buildId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            // The classic builder's parameters mean the same to BuildKit; the session replaces the tar.
            List<string> query = ["version=2", $"session={session.Id}", "remote=client-session", $"buildid={buildId}", .. BuildQuery(request, dockerfileName)];

            try
            {
                using var response = await SendAsync(HttpMethod.Post, "/build?" + string.Join('&', query), null, cancellationToken,
                    HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                return await FollowBuildKitAsync(response, request.Steps ?? new StatusLines(progress).Add, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: the engine's build goes on unless told, as the docker CLI tells it.
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await SendAsync(HttpMethod.Post, $"/build/cancel?id={buildId}", patience.Token).ConfigureAwait(false);
                }
                catch (Exception error) when (error is EngineApiException or EngineUnavailableException or OperationCanceledException)
                {
                    // Nothing more to do: the session closes below, which ends the build too.
                }
                throw;
            }
        }
        finally
        {
            if (temporary is not null) Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>The build's message stream: BuildKit traces as step events, the image id, and an error as an exception naming the failed step.</summary>
    private static async Task<string?> FollowBuildKitAsync(HttpResponseMessage response, Action<BuildStepEvent> steps, Action<string> progress,
        CancellationToken cancellationToken)
    {
        var trace = new StatusTrace(steps);
        string? imageId = null;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var message = JsonDocument.Parse(line);
            var root = message.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                var text = root.TryGetProperty("errorDetail", out var detail) && detail.TryGetProperty("message", out var m) ? m.GetString() : error.GetString();
                throw new EngineApiException(System.Net.HttpStatusCode.OK, text ?? "the build failed");
            }
            var id = root.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            root.TryGetProperty("aux", out var aux);
            if (id == "moby.buildkit.trace" && aux.ValueKind == JsonValueKind.String)
                trace.Add(aux.GetBytesFromBase64());
            else if (id == "moby.image.id" && aux.ValueKind == JsonValueKind.Object && aux.TryGetProperty("ID", out var image))
                imageId = image.GetString();
            else if (root.TryGetProperty("stream", out var stream) && stream.GetString() is { } text && !string.IsNullOrWhiteSpace(text))
                progress(text.TrimEnd());
        }
        return imageId;
    }
}
