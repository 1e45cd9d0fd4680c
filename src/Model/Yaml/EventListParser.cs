using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Composer.Model.Yaml;

/// <summary>An <see cref="IParser"/> over a ready list of events, for the builder.</summary>
internal sealed class EventListParser(List<ParsingEvent> events) : IParser
{
    private int _next;

    public ParsingEvent? Current { get; private set; }

    public bool MoveNext()
    {
        if (_next >= events.Count)
        {
            Current = null;
            return false;
        }
        Current = events[_next++];
        return true;
    }
}
