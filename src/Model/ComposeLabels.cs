namespace Composer.Model;

/// <summary>
/// The labels Compose puts on what it creates. We use the same ones so that docker compose and
/// docker-compose 1.x recognise our containers, networks and volumes, and we recognise theirs.
/// </summary>
public static class ComposeLabels
{
    public const string Project = "com.docker.compose.project";
    public const string Service = "com.docker.compose.service";
    public const string ContainerNumber = "com.docker.compose.container-number";
    public const string OneOff = "com.docker.compose.oneoff";
    public const string ConfigHash = "com.docker.compose.config-hash";
    public const string WorkingDir = "com.docker.compose.project.working_dir";
    public const string ConfigFiles = "com.docker.compose.project.config_files";
    public const string Version = "com.docker.compose.version";
    public const string DependsOn = "com.docker.compose.depends_on";
    public const string Image = "com.docker.compose.image";
    public const string Network = "com.docker.compose.network";
    public const string Volume = "com.docker.compose.volume";

    /// <summary>The engine that runs a container (docker compose's remote engines); `ps` shows an ENGINE column when any has it.</summary>
    public const string Engine = "com.docker.compose.engine";

    /// <summary>On a stack's configs and secrets: the unversioned name, so a new content version knows which object it supersedes.</summary>
    public const string StackObject = "com.docker.compose.stack.object";

    /// <summary>Ours alone: a one-off container that is a run of a scheduled job (the agent removes leftovers).</summary>
    public const string ScheduledJob = "io.composer.scheduled-job";

    /// <summary>What we claim to be in <see cref="Version"/>: a Compose v2 release line, so peers accept our labels.</summary>
    public const string CompatibleVersion = "2.29.0";

    /// <summary>The label filters that find a service's own containers (not its one-off runs).</summary>
    public static string[] ServiceFilters(string project, string service) =>
        [$"{Project}={project}", $"{Service}={service}", $"{OneOff}={False}"];

    public const string True = "True";
    public const string False = "False";
}
