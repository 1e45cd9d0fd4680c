using System.Security.Cryptography;
using Composer.Model;

namespace Composer.Reconciler.Swarm;

/// <summary>
/// Names of configs and secrets in the swarm. Their content is immutable there, so the name
/// carries a hash of it (<c>&lt;stack&gt;_&lt;key&gt;-&lt;hash&gt;</c>): changed content is a new
/// object, and the services using it get a new spec and roll. External ones keep their own name.
/// </summary>
internal sealed class StackObjectNames(Project project, StackFiles files)
{
    public string Config(string key) => Versioned(project.Configs.GetValueOrDefault(key), files.Configs.GetValueOrDefault(key), key);

    public string Secret(string key) => Versioned(project.Secrets.GetValueOrDefault(key), files.Secrets.GetValueOrDefault(key), key);

    public static string ContentHash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content))[..10];

    private static string Versioned(FileObjectConfig? declared, byte[]? content, string key) =>
        declared is null ? key
        : declared.External || content is null ? declared.Name
        : $"{declared.Name}-{ContentHash(content)}";
}
