using Composer.Model.Loading;

namespace Composer.Model;

/// <summary>An env file read on its own (`run --env-from-file`), with the loader's dotenv rules and its file:line:col errors.</summary>
public static class EnvFile
{
    /// <param name="lookup">Where `${VAR}` and a bare `KEY` take their values from when the file does not set them.</param>
    public static IReadOnlyList<KeyValuePair<string, string?>> Read(string path, Func<string, string?> lookup)
    {
        // Bounded: a regular file of at most InputFiles.MaxEnvFileBytes, valid UTF-8 (errors name the file).
        var text = InputFiles.ReadEnvFile(path);
        var errors = new List<DotEnv.Error>();
        var values = DotEnv.Parse(text, lookup, raw: false, errors);
        if (errors.Count > 0) throw new ComposeModelException(errors.Select(e => new Diagnostic(path, e.Line, e.Column, "", e.Message)));
        return values;
    }
}
