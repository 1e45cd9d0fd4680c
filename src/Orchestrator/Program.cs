using Composer.Orchestrator.Cli;

return await CommandLine.RunAsync(args);
