using Composer.Reconciler.Planning;

namespace Composer.Reconciler.Execution;

/// <summary>Performs one operation. The executor decides when; the runner only does.</summary>
public interface IOperationRunner
{
    Task RunAsync(Operation operation, CancellationToken cancellationToken);
}

/// <summary>Hears what the executor does, to render progress. Called from several threads.</summary>
public interface IExecutionObserver
{
    void Started(Operation operation);
    void Completed(Operation operation, TimeSpan elapsed);
    void Failed(Operation operation, Exception error);
    /// <summary>A long operation (a rollout) says where it is, between start and end.</summary>
    void Progressed(Operation operation, string state) { }
}

public sealed class SilentObserver : IExecutionObserver
{
    public static SilentObserver Instance { get; } = new();
    public void Started(Operation operation) { }
    public void Completed(Operation operation, TimeSpan elapsed) { }
    public void Failed(Operation operation, Exception error) { }
}
