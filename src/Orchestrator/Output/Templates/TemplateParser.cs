using System.Globalization;
using System.Text;

namespace Composer.Orchestrator.Output.Templates;

/// <summary>A template or a use of one that cannot work; the message says what and where.</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>One operand of a command: `.Field`, `.`, "text", 42, or a function's name.</summary>
internal abstract record TemplateOperand
{
    public sealed record Field(string Name) : TemplateOperand;
    public sealed record Dot : TemplateOperand;
    public sealed record Literal(TemplateValue Value) : TemplateOperand;
    public sealed record Function(string Name) : TemplateOperand;
}

/// <summary>A parsed template: literal text and actions, each action a pipeline of commands (`a | b c`).</summary>
internal sealed record TemplateNode(string? Text, IReadOnlyList<IReadOnlyList<TemplateOperand>>? Pipeline);

/// <summary>
/// Parses the subset of Go's text/template that `--format` values use: field access, `.Label "key"`,
/// function calls (json, upper, lower, title, pad, truncate, split, join), pipes, string and number
/// literals, `{{-`/`-}}` trimming and comments. Control structures (if, range, with) and variables
/// are refused by name rather than misread.
/// </summary>
internal static class TemplateParser
{
    private static readonly HashSet<string> Unsupported =
        ["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil", "true", "false", "and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "index", "slice", "print", "printf", "println"];

    public static IReadOnlyList<TemplateNode> Parse(string template)
    {
        var nodes = new List<TemplateNode>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0) { nodes.Add(new TemplateNode(template[position..], null)); break; }
            var text = template[position..open];
            var inner = open + 2;
            if (inner < template.Length - 1 && template[inner] == '-' && IsSpace(template[inner + 1]))
            {
                text = text.TrimEnd(' ', '\t', '\r', '\n');
                inner += 2;
            }
            if (text.Length > 0) nodes.Add(new TemplateNode(text, null));
            var close = FindClose(template, inner, open);
            var body = template[inner..close];
            position = close + 2;
            if (body.Length >= 2 && body[^1] == '-' && IsSpace(body[^2]))
            {
                body = body[..^2];
                while (position < template.Length && IsSpace(template[position])) position++;
            }
            var trimmed = body.Trim();
            if (trimmed.StartsWith("/*", StringComparison.Ordinal) && trimmed.EndsWith("*/", StringComparison.Ordinal)) continue;
            nodes.Add(new TemplateNode(null, Pipeline(body, Column(template, open))));
        }
        return nodes;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static string Column(string template, int index) => $"column {index + 1}";

    /// <summary>The `}}` that closes the action opened at <paramref name="open"/>, skipping quoted text.</summary>
    private static int FindClose(string template, int from, int open)
    {
        for (var i = from; i < template.Length; i++)
        {
            if (template[i] is '"' or '`') i = EndOfQuote(template, i, open);
            else if (template[i] == '}' && i + 1 < template.Length && template[i + 1] == '}') return i;
        }
        throw new TemplateException($"unclosed action at {Column(template, open)}: \"{{{{\" without \"}}}}\"");
    }

    private static int EndOfQuote(string text, int start, int open)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (quote == '"' && text[i] == '\\') i++;
            else if (text[i] == quote) return i;
        }
        throw new TemplateException($"unterminated quoted string in the action at {Column(text, open)}");
    }

    private static List<IReadOnlyList<TemplateOperand>> Pipeline(string body, string where)
    {
        var commands = new List<IReadOnlyList<TemplateOperand>>();
        var current = new List<TemplateOperand>();
        var i = 0;
        while (true)
        {
            while (i < body.Length && IsSpace(body[i])) i++;
            if (i >= body.Length || body[i] == '|')
            {
                if (current.Count == 0) throw new TemplateException($"missing value for command in the action at {where}");
                commands.Add(current);
                current = [];
                if (i >= body.Length) return commands;
                i++;
                continue;
            }
            current.Add(Operand(body, ref i, where));
        }
    }

    private static TemplateOperand Operand(string body, ref int i, string where)
    {
        var start = i;
        var c = body[i];
        if (c is '"' or '`')
        {
            var end = EndOfQuote(body, i, 0);
            i = end + 1;
            return new TemplateOperand.Literal(TemplateValue.Of(c == '`' ? body[(start + 1)..end] : Unescape(body[(start + 1)..end], where)));
        }
        while (i < body.Length && !IsSpace(body[i]) && body[i] != '|') i++;
        var word = body[start..i];
        if (word == ".") return new TemplateOperand.Dot();
        if (word[0] == '.')
        {
            var name = word[1..];
            if (name.Contains('.')) throw new TemplateException($"unsupported chained field \"{word}\" at {where}: name one field at a time");
            if (!IsIdentifier(name)) throw new TemplateException($"bad field name \"{word}\" at {where}");
            return new TemplateOperand.Field(name);
        }
        if (long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            return new TemplateOperand.Literal(TemplateValue.Of(number));
        if (word[0] is '$' or '(' || word.Contains('(') || word.Contains(')'))
            throw new TemplateException($"unsupported template syntax \"{word}\" at {where}: variables and parentheses are not supported");
        if (Unsupported.Contains(word))
            throw new TemplateException($"unsupported template keyword \"{word}\" at {where}: only fields, pipes and the functions {string.Join(", ", TemplateFunctions.Names)} are supported");
        if (!TemplateFunctions.Names.Contains(word))
            throw new TemplateException($"function \"{word}\" not defined (at {where}); the functions are {string.Join(", ", TemplateFunctions.Names)}");
        return new TemplateOperand.Function(word);
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(ch => char.IsLetterOrDigit(ch) || ch == '_');

    private static string Unescape(string quoted, string where)
    {
        var text = new StringBuilder();
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] != '\\') { text.Append(quoted[i]); continue; }
            if (++i >= quoted.Length) break;
            text.Append(quoted[i] switch
            {
                'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', '"' => '"', '\'' => '\'',
                var other => throw new TemplateException($"unsupported escape \"\\{other}\" in a string at {where}"),
            });
        }
        return text.ToString();
    }
}
