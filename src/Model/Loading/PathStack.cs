namespace Composer.Model.Loading;

/// <summary>
/// The Compose path of the node a walk is at (`services.web.ports[0]`), as a stack of keys and indexes. It
/// becomes a string only when asked (an error, a rare check): a valid file then costs no string per node.
/// </summary>
internal sealed class PathStack
{
    private readonly List<(string? Key, int Index)> _segments = [];

    /// <summary>A stack starting at <paramref name="prefix"/> (the way <see cref="N.Child"/> would extend it).</summary>
    public PathStack(string prefix = "")
    {
        if (prefix.Length > 0) _segments.Add((prefix, -1));
    }

    public void Push(string key) => _segments.Add((key, -1));
    public void Push(int index) => _segments.Add((null, index));
    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        foreach (var (key, index) in _segments)
        {
            if (key is null) text.Append('[').Append(index).Append(']');
            else { if (text.Length > 0) text.Append('.'); text.Append(key); }
        }
        return text.ToString();
    }
}
