namespace Composer.Orchestrator.Output;

/// <summary>docker compose's --progress values.</summary>
public enum ProgressMode
{
    /// <summary>Redrawn in place on a terminal, plain lines elsewhere.</summary>
    Auto,
    /// <summary>Redrawn in place.</summary>
    Tty,
    /// <summary>One line per change of state.</summary>
    Plain,
    /// <summary>Nothing but errors.</summary>
    Quiet,
    /// <summary>One JSON object per change of state.</summary>
    Json,
}
