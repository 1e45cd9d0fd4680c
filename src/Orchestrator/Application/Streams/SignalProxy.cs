using System.Runtime.InteropServices;
using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>
/// The signals `attach --sig-proxy` passes on: Ctrl-C, SIGTERM, SIGHUP and SIGQUIT each become a
/// kill of the container with that signal instead of ending this process, as docker's proxy does.
/// </summary>
internal sealed class SignalProxy : IDisposable
{
    private readonly List<IDisposable> _registrations = [];

    /// <param name="interrupted">The first Ctrl-C, which the command line turns into the verb's cancellation.</param>
    public static SignalProxy Start(IEngineClient engine, string containerId, CancellationToken interrupted)
    {
        var proxy = new SignalProxy();
        void Forward(string signal) => _ = ForwardAsync(engine, containerId, signal);
        proxy._registrations.Add(interrupted.Register(() => Forward("SIGINT")));
        // The second Ctrl-C arrives as Force only for a verb that asks to hear it; otherwise it would end us.
        Interrupts.ForceWanted = true;
        proxy._registrations.Add(Interrupts.Force.Register(() => Forward("SIGINT")));
        foreach (var (signal, name) in new[] { (PosixSignal.SIGTERM, "SIGTERM"), (PosixSignal.SIGHUP, "SIGHUP"), (PosixSignal.SIGQUIT, "SIGQUIT") })
            proxy._registrations.Add(PosixSignalRegistration.Create(signal, context => { context.Cancel = true; Forward(name); }));
        return proxy;
    }

    private static async Task ForwardAsync(IEngineClient engine, string containerId, string signal)
    {
        try { await engine.KillContainerAsync(containerId, signal, CancellationToken.None); }
        catch (EngineApiException) { } // it ended meanwhile
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
