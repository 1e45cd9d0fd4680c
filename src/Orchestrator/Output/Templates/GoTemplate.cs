using System.Text;

namespace Composer.Orchestrator.Output.Templates;

/// <summary>
/// A `--format` template checked against a row schema: every field it names exists, so a typo fails
/// before anything is printed (and also when there are no rows), not half-way down the output.
/// </summary>
internal sealed class GoTemplate<TRow>
{
    private readonly IReadOnlyList<TemplateNode> _nodes;
    private readonly TemplateSchema<TRow> _schema;

    private GoTemplate(IReadOnlyList<TemplateNode> nodes, TemplateSchema<TRow> schema) => (_nodes, _schema) = (nodes, schema);

    public static GoTemplate<TRow> Parse(string template, TemplateSchema<TRow> schema)
    {
        var nodes = TemplateParser.Parse(template);
        foreach (var command in nodes.Where(n => n.Pipeline is not null).SelectMany(n => n.Pipeline!))
            Check(command, schema);
        return new GoTemplate<TRow>(nodes, schema);
    }

    private static void Check(IReadOnlyList<TemplateOperand> command, TemplateSchema<TRow> schema)
    {
        foreach (var field in command.OfType<TemplateOperand.Field>())
        {
            var isMethod = field.Name == "Label" && schema.Label is not null;
            if (!isMethod && schema.Find(field.Name) is null)
                throw new TemplateException($"can't evaluate field {field.Name}: the fields are {string.Join(", ", schema.FieldNames)}" +
                    (schema.Label is null ? "" : " and Label \"KEY\""));
        }
    }

    public string Render(TRow row) => Render(row, header: false);

    /// <summary>The template run over the headers instead of a row: the first line of a table.</summary>
    public string RenderHeader() => Render(default!, header: true);

    private string Render(TRow row, bool header)
    {
        var output = new StringBuilder();
        foreach (var node in _nodes)
        {
            if (node.Text is not null) { output.Append(node.Text); continue; }
            TemplateValue? piped = null;
            foreach (var command in node.Pipeline!) piped = Evaluate(command, piped, row, header);
            output.Append(piped!.Print());
        }
        return output.ToString();
    }

    private TemplateValue Evaluate(IReadOnlyList<TemplateOperand> command, TemplateValue? piped, TRow row, bool header)
    {
        var head = command[0];
        var rest = command.Skip(1).Select(operand => Operand(operand, row, header)).ToList();
        if (piped is not null) rest.Add(piped);
        switch (head)
        {
            case TemplateOperand.Function function:
                return TemplateFunctions.Call(function.Name, rest, header);
            case TemplateOperand.Field { Name: "Label" } when _schema.Label is not null && _schema.Find("Label") is null:
                if (rest is not [TemplateValue.Text key]) throw new TemplateException("Label takes one argument, the label's key: {{.Label \"com.example.key\"}}");
                return TemplateValue.Of(header ? HeaderOfLabel(key.Value) : _schema.Label(row, key.Value));
            default:
                if (rest.Count > 0) throw new TemplateException($"can't give an argument to {Describe(head)}: only functions and Label take arguments");
                return Operand(head, row, header);
        }
    }

    private TemplateValue Operand(TemplateOperand operand, TRow row, bool header) => operand switch
    {
        TemplateOperand.Literal literal => literal.Value,
        // Docker looks headers up in a map: a field without a header prints Go's "<no value>".
        TemplateOperand.Field field when header => TemplateValue.Of(_schema.Find(field.Name)?.Header ?? "<no value>"),
        TemplateOperand.Field field => _schema.Find(field.Name)!.Value(row),
        TemplateOperand.Dot when header => TemplateValue.Of(""),
        TemplateOperand.Dot => _schema.Whole(row),
        TemplateOperand.Function function => TemplateFunctions.Call(function.Name, [], header),
        _ => throw new TemplateException("unsupported operand"),
    };

    /// <summary>A label column's header, as docker names it: the key's last dotted part, `-` and `_` read as spaces.</summary>
    private static string HeaderOfLabel(string key) => key.Split('.')[^1].Replace('-', ' ').Replace('_', ' ');

    private static string Describe(TemplateOperand operand) => operand switch
    {
        TemplateOperand.Field field => "." + field.Name,
        TemplateOperand.Dot => ".",
        TemplateOperand.Literal literal => literal.Value.Print(),
        _ => operand.ToString(),
    };
}
