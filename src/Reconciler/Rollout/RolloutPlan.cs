using System.Collections.Immutable;
using System.Text;

namespace Composer.Reconciler.Rollout;

/// <summary>
/// One running container to be replaced start-first: its replacement is created under a
/// temporary name with the same replica number, and takes the final name once the old one is gone
/// (so numbers stay as they were, as docker compose's recreate keeps them).
/// </summary>
public sealed record ReplicaSwap(int Number, string OldId, string OldName, string FinalName)
{
    /// <summary>docker compose's temporary name during a recreate: the old container's short id, then the name.</summary>
    public string TemporaryName => $"{OldId[..Math.Min(12, OldId.Length)]}_{FinalName}";
}

/// <summary>
/// The rollout of one service, as the plan shows it: the settings, then each step, so `--dry-run`
/// says exactly what `up` will do. <see cref="Key"/> names the version being rolled out (config
/// hash and image), so a version that failed can be held back by the agent.
/// </summary>
public sealed record RolloutPlan(string Service, RolloutSettings Settings, ImmutableArray<ReplicaSwap> Replicas, string Key)
{
    public IEnumerable<ImmutableArray<ReplicaSwap>> Batches()
    {
        var size = Settings.Parallelism <= 0 ? Replicas.Length : Settings.Parallelism;
        for (var start = 0; start < Replicas.Length; start += size)
            yield return Replicas.Skip(start).Take(size).ToImmutableArray();
    }

    public IEnumerable<string> Steps()
    {
        yield return $"start-first: {Settings}";
        var number = 0;
        foreach (var batch in Batches())
        {
            number++;
            var replacements = string.Join(", ", batch.Select(r => r.TemporaryName));
            var olds = string.Join(", ", batch.Select(r => r.OldName));
            yield return $"batch {number}: create and start {replacements} beside {olds}, await ready";
            yield return $"batch {number}: drain {RolloutSettings.Seconds(Settings.Drain)}, stop {olds} (grace {RolloutSettings.Seconds(Settings.StopGrace)})";
        }
        yield return $"then: remove {string.Join(", ", Replicas.Select(r => r.OldName))}, rename {string.Join(", ", Replicas.Select(r => $"{r.TemporaryName} to {r.FinalName}"))}";
        yield return Settings.FailureAction switch
        {
            FailureAction.Rollback => "on failure: remove the failed replacement, start what was stopped again, remove the other replacements",
            FailureAction.Continue => "on failure: remove the failed replacement, keep its old container, go on with the next batch",
            _ => "on failure: remove the failed replacement, keep its old container, stop the rollout there",
        };
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var step in Steps()) text.Append("\n     ").Append(step);
        return text.ToString();
    }
}
