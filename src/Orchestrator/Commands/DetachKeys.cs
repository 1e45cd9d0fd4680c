using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `--detach-keys`, checked before it reaches the engine: comma-separated keys, each a single
/// character or `ctrl-X` with X a letter or one of @ [ \ ] ^ _ (docker's notation).
/// </summary>
internal static class DetachKeys
{
    private const string ControlSymbols = "@[\\]^_";

    public static string? Checked(string? keys)
    {
        if (keys is null) return null;
        foreach (var key in keys.Split(','))
        {
            var lower = key.ToLowerInvariant();
            var valid = key.Length == 1
                || (lower.Length == 6 && lower.StartsWith("ctrl-", StringComparison.Ordinal)
                    && (lower[5] is >= 'a' and <= 'z' || ControlSymbols.Contains(lower[5], StringComparison.Ordinal)));
            if (!valid) throw new UsageException($"invalid --detach-keys \"{keys}\": \"{key}\" is not a character or ctrl-<value> (value a-z, @, [, \\, ], ^ or _)");
        }
        return keys;
    }
}
