namespace Composer.Model;

/// <summary>What a dependent waits for before it starts (depends_on's `condition`).</summary>
public enum DependencyCondition { ServiceStarted, ServiceHealthy, ServiceCompletedSuccessfully }

/// <summary>Compose's spelling of each condition, for the loader, `config` and the depends_on label alike.</summary>
public static class DependencyConditions
{
    public static string ComposeName(this DependencyCondition condition) => condition switch
    {
        DependencyCondition.ServiceHealthy => "service_healthy",
        DependencyCondition.ServiceCompletedSuccessfully => "service_completed_successfully",
        _ => "service_started",
    };

    /// <summary>The condition a depends_on entry names; none (the short form) is service_started. The schema refuses other words first.</summary>
    public static DependencyCondition Parse(string? name) => name switch
    {
        "service_healthy" => DependencyCondition.ServiceHealthy,
        "service_completed_successfully" => DependencyCondition.ServiceCompletedSuccessfully,
        _ => DependencyCondition.ServiceStarted,
    };
}
