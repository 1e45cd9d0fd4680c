using System.Text.Json.Serialization;

namespace Composer.Engine;

/// <summary>
/// Swarm-mode types, serialized by generated code (no reflection). A context of its own so the
/// container side (EngineJson) stays as it is.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SwarmInitRequest))]
[JsonSerializable(typeof(SwarmInspect))]
[JsonSerializable(typeof(List<SwarmNode>))]
[JsonSerializable(typeof(List<SwarmService>))]
[JsonSerializable(typeof(SwarmService))]
[JsonSerializable(typeof(ServiceSpec))]
[JsonSerializable(typeof(TaskSpec))]
[JsonSerializable(typeof(ServiceCreateResponse))]
[JsonSerializable(typeof(ServiceUpdateResponse))]
[JsonSerializable(typeof(List<SwarmTask>))]
[JsonSerializable(typeof(SwarmObjectSpec))]
[JsonSerializable(typeof(List<SwarmObject>))]
[JsonSerializable(typeof(IdResponse))]
[JsonSerializable(typeof(string))]
public sealed partial class SwarmJson : JsonSerializerContext;
