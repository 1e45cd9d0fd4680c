using Composer.Orchestrator.Cli;

InheritedSignals.HonourInterrupts();
return await CommandLine.RunAsync(args);
