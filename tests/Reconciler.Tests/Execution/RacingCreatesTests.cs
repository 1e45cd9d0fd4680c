using System.Collections.Immutable;
using System.Reflection;
using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Tests.Execution;

/// <summary>
/// Another composer (another host on a shared engine) creates the same names between our look and
/// our create: every racer settles on the same network, and a name taken by the very replica we
/// meant to create is used instead of failing.
/// </summary>
public sealed class RacingCreatesTests
{
    private static readonly Project Project = ProjectLoader.LoadText("services:\n  box:\n    image: busybox\nvolumes:\n  data: {}\n",
        Path.Combine(Path.GetTempPath(), "racing", "compose.yaml"), null, "proj");
    private static readonly DesiredState Desired = DesiredStateBuilder.Build(Project, []);

    private static NetworkSummary Network(string id, string created) => new() { Id = id, Name = "proj_default", Created = created };

    [Fact]
    public async Task A_network_we_create_after_an_older_one_of_the_same_name_is_removed()
    {
        var engine = RacingEngine.Create(named: [Network("ours", "2026-12-02T16:00:01.5Z"), Network("theirs", "2026-12-02T16:00:01.25Z")]);

        await Run(engine, new Operation(1, OperationKind.CreateNetwork, "proj_default", "missing", []));

        Assert.Equal(["CreateNetwork proj_default", "ListNetworksNamed proj_default", "RemoveNetwork ours"], Calls(engine));
    }

    [Fact]
    public async Task A_network_we_create_first_stays_for_the_younger_duplicate_to_make_way()
    {
        var engine = RacingEngine.Create(named: [Network("theirs", "2026-12-02T16:00:02Z"), Network("ours", "2026-12-02T16:00:01.999999999Z")]);

        await Run(engine, new Operation(1, OperationKind.CreateNetwork, "proj_default", "missing", []));

        Assert.DoesNotContain(Calls(engine), c => c.StartsWith("RemoveNetwork", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_network_or_volume_create_refused_as_a_duplicate_is_done_when_the_name_is_there_now(bool there)
    {
        var engine = RacingEngine.Create(named: there ? [Network("theirs", "2026-12-02T16:00:00Z")] : [], createsConflict: true, volumeThere: there);
        var network = Run(engine, new Operation(1, OperationKind.CreateNetwork, "proj_default", "missing", []));
        var volume = Run(engine, new Operation(2, OperationKind.CreateVolume, "proj_data", "missing", []));

        if (there)
        {
            await network;
            await volume;
        }
        else
        {
            await Assert.ThrowsAsync<EngineConflictException>(() => network);
            await Assert.ThrowsAsync<EngineConflictException>(() => volume);
        }
        Assert.DoesNotContain(Calls(engine), c => c.StartsWith("RemoveNetwork", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-12-02T16:00:00.5Z", "2026-12-02T16:00:00.123456789Z", "b")]
    [InlineData("2026-12-02T16:00:00Z", "2026-12-02T16:00:00.000000001Z", "a")]
    [InlineData("2026-12-02T17:00:00+01:00", "2026-12-02T16:00:00.1Z", "a")]
    [InlineData("2026-12-02T16:00:00.1234567891Z", "2026-12-02T16:00:00.1234567899Z", "a")]
    public void The_oldest_network_is_found_by_its_engine_time_then_by_id(string createdA, string createdB, string oldest) =>
        Assert.Equal(oldest, NetworkDuplicates.Oldest([new NetworkSummary { Id = "a", Created = createdA }, new NetworkSummary { Id = "b", Created = createdB }]));

    [Fact]
    public async Task Duplicates_of_a_projects_network_are_removed_before_up_and_the_oldest_kept()
    {
        var engine = RacingEngine.Create(labelled:
        [
            Network("young", "2026-12-02T16:00:03Z"), Network("old", "2026-12-02T16:00:01Z"), Network("middle", "2026-12-02T16:00:02Z"),
            new NetworkSummary { Id = "alone", Name = "proj_back", Created = "2026-12-02T16:00:04Z" },
        ]);
        var log = new List<string>();

        await NetworkDuplicates.SettleProjectAsync(engine, "proj", log.Add, CancellationToken.None);

        Assert.Equal(["ListNetworks", "RemoveNetwork young", "RemoveNetwork middle"], Calls(engine));
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public async Task A_container_name_taken_by_the_same_replica_meanwhile_is_used_instead_of_failing()
    {
        var hash = Desired.Find("box")!.ConfigHash;
        var engine = RacingEngine.Create(existing: Labelled("proj", "box", "1", hash));

        await Run(engine, CreateBox());

        Assert.Equal(["CreateContainer proj-box-1", "InspectContainer proj-box-1"], Calls(engine));
    }

    [Theory]
    [InlineData("other", "box", "1", false)]
    [InlineData("proj", "other", "1", false)]
    [InlineData("proj", "box", "2", false)]
    [InlineData("proj", "box", "1", true)]
    public async Task A_container_name_taken_by_anything_else_is_still_a_conflict(string project, string service, string number, bool staleHash)
    {
        var hash = staleHash ? "an older configuration" : Desired.Find("box")!.ConfigHash;
        var engine = RacingEngine.Create(existing: Labelled(project, service, number, hash));

        var conflict = await Assert.ThrowsAsync<EngineConflictException>(() => Run(engine, CreateBox()));

        Assert.Contains("proj-box-1", conflict.Message);
    }

    private static Operation CreateBox() => new(1, OperationKind.CreateContainer, "proj-box-1", "missing", []) { Service = "box", Number = 1 };

    private static ContainerInspect Labelled(string project, string service, string number, string hash) => new()
    {
        Id = "their-box",
        Config = new ContainerCreateRequest
        {
            Labels = new()
            {
                [ComposeLabels.Project] = project, [ComposeLabels.Service] = service, [ComposeLabels.ContainerNumber] = number, [ComposeLabels.ConfigHash] = hash,
            },
        },
    };

    private static Task Run(IEngineClient engine, Operation operation) =>
        new EngineOperationRunner(engine, Project, Desired).RunAsync(operation, CancellationToken.None);

    private static List<string> Calls(IEngineClient engine) => ((RacingEngine)(object)engine).Calls;
}

/// <summary>An engine where someone else got there first: creates of containers conflict, networks share names.</summary>
public class RacingEngine : DispatchProxy
{
    public List<string> Calls { get; } = [];
    private IReadOnlyList<NetworkSummary> _named = [];
    private IReadOnlyList<NetworkSummary> _labelled = [];
    private ContainerInspect? _existing;
    private bool _createsConflict;
    private bool _volumeThere;

    /// <param name="createsConflict">Network and volume creates answer 409, as when their name was taken since the plan looked.</param>
    public static IEngineClient Create(IReadOnlyList<NetworkSummary>? named = null, IReadOnlyList<NetworkSummary>? labelled = null,
        ContainerInspect? existing = null, bool createsConflict = false, bool volumeThere = false)
    {
        var engine = Create<IEngineClient, RacingEngine>();
        var racing = (RacingEngine)(object)engine;
        (racing._named, racing._labelled, racing._existing) = (named ?? [], labelled ?? [], existing);
        (racing._createsConflict, racing._volumeThere) = (createsConflict, volumeThere);
        return engine;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        var name = method!.Name.Replace("Async", "", StringComparison.Ordinal);
        switch (name)
        {
            case "CreateNetwork":
                Calls.Add($"{name} {((NetworkCreateRequest)args![0]!).Name}");
                return _createsConflict ? Task.FromException<string>(new EngineConflictException("network with name exists")) : Task.FromResult("ours");
            case "CreateVolume":
                Calls.Add($"{name} {((VolumeCreateRequest)args![0]!).Name}");
                return Task.FromException<VolumeSummary>(new EngineConflictException("volume name is in use with another driver"));
            case "InspectVolume":
                Calls.Add($"{name} {args![0]}");
                return _volumeThere ? Task.FromResult(new VolumeSummary { Name = (string)args[0]! }) : Task.FromException<VolumeSummary>(new EngineNotFoundException("no such volume"));
            case "ListNetworksNamed":
                Calls.Add($"{name} {args![0]}");
                return Task.FromResult(_named);
            case "ListNetworks":
                Calls.Add(name);
                return Task.FromResult(_labelled);
            case "RemoveNetwork":
                Calls.Add($"{name} {args![0]}");
                return Task.CompletedTask;
            case "CreateContainer":
                Calls.Add($"{name} {args![0]}");
                return Task.FromException<string>(new EngineConflictException($"Conflict. The container name \"/{args[0]}\" is already in use"));
            case "InspectContainer":
                Calls.Add($"{name} {args![0]}");
                return _existing is null ? Task.FromException<ContainerInspect>(new EngineNotFoundException("gone")) : Task.FromResult(_existing);
            default:
                throw new NotSupportedException($"a racing create should not call {method.Name}");
        }
    }
}
