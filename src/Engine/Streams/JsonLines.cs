using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Composer.Engine;

/// <summary>Reads the engine's streams of JSON objects, one per line (events, pull and build progress).</summary>
internal static class JsonLines
{
    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream source, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(source.Dispose);
        using var reader = new StreamReader(source);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            if (line is null) yield break;
            if (line.Length == 0) continue;
            var item = JsonSerializer.Deserialize(line, type);
            if (item is not null) yield return item;
        }
    }
}
