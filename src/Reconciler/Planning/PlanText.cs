using System.Text;

namespace Composer.Reconciler.Planning;

/// <summary>How every plan prints (container plans and stack plans): warnings, then one line per operation.</summary>
public static class PlanText
{
    public static string Format<T>(IEnumerable<string> warnings, IReadOnlyCollection<T> operations)
    {
        var text = new StringBuilder();
        foreach (var warning in warnings) text.Append("warning: ").Append(warning).Append('\n');
        if (operations.Count == 0) text.Append("nothing to do\n");
        foreach (var operation in operations) text.Append(operation).Append('\n');
        return text.ToString();
    }
}
