namespace Composer.Orchestrator.Output;

/// <summary>--ansi / COMPOSE_ANSI: whether output may carry colours and redraws.</summary>
public enum AnsiMode { Auto, Never, Always }
