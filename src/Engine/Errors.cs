using System.Net;

namespace Composer.Engine;

/// <summary>The engine answered with an error; <see cref="Exception.Message"/> is the engine's own message.</summary>
public class EngineApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

public sealed class EngineNotFoundException(string message) : EngineApiException(HttpStatusCode.NotFound, message);

public sealed class EngineConflictException(string message) : EngineApiException(HttpStatusCode.Conflict, message);

/// <summary>503 from a swarm call: the engine is not a swarm manager (not in a swarm, or a worker).</summary>
public sealed class SwarmUnavailableException(string message) : EngineApiException(HttpStatusCode.ServiceUnavailable, message);

/// <summary>Nothing answered at the address: names it, so the user knows what was tried.</summary>
public sealed class EngineUnavailableException(string address, Exception inner)
    : Exception(Describe(address, inner), inner)
{
    /// <summary>A failed TLS handshake is a certificate problem, not a stopped daemon: the message says which files decide it.</summary>
    private static string Describe(string address, Exception inner) => inner is System.Security.Authentication.AuthenticationException
        ? $"Cannot connect to the Docker engine at {address}: the TLS handshake failed ({inner.Message.TrimEnd('.')}). " +
          "DOCKER_CERT_PATH must hold the CA that signed the engine's certificate (ca.pem) and a client certificate the engine trusts (cert.pem, key.pem)"
        : $"Cannot connect to the Docker engine at {address}: {inner.Message.TrimEnd('.')}. Is the docker daemon running?";

    public string Address { get; } = address;
}

internal static class ErrorMapping
{
    /// <summary>Maps a status and the engine's JSON body ({"message": "..."}) to a typed exception.</summary>
    public static EngineApiException FromResponse(HttpStatusCode status, string body)
    {
        var message = MessageOf(body);
        return status switch
        {
            HttpStatusCode.NotFound => new EngineNotFoundException(message),
            HttpStatusCode.Conflict => new EngineConflictException(message),
            HttpStatusCode.ServiceUnavailable => new SwarmUnavailableException(message),
            _ => new EngineApiException(status, message),
        };
    }

    internal static string MessageOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "(no message from the engine)";
        try
        {
            var error = System.Text.Json.JsonSerializer.Deserialize(body, EngineJson.Default.ErrorResponse);
            if (!string.IsNullOrEmpty(error?.Message)) return error.Message;
        }
        catch (System.Text.Json.JsonException) { }
        return body.Trim();
    }
}
