using System.Formats.Tar;
using Composer.Engine;
using Composer.Model;

namespace Composer.Reconciler.Execution;

/// <summary>
/// Configs and secrets given as `content:` or `environment:` have no file to bind, so they are
/// copied into the created container (before it starts) as a one-file tar archive.
/// </summary>
internal sealed class InlineFiles(IEngineClient engine, Project project)
{
    public async Task CopyAsync(ServiceConfig service, string containerId, CancellationToken cancellationToken)
    {
        var refs = service.Configs.Select(r => (r, project.Configs.GetValueOrDefault(r.Source)))
            .Concat(service.Secrets.Select(r => (r, project.Secrets.GetValueOrDefault(r.Source))));
        foreach (var (reference, source) in refs)
        {
            var content = source?.Content ?? (source?.Environment is { } variable ? project.Environment.GetValueOrDefault(variable) : null);
            if (content is null) continue;
            using var archive = new MemoryStream();
            await using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, reference.Target.TrimStart('/'))
                {
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
                    Mode = (UnixFileMode)(reference.Mode ?? 0b100_100_100),
                };
                await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            archive.Position = 0;
            await engine.PutArchiveAsync(containerId, "/", archive, new ArchiveUploadOptions(), cancellationToken).ConfigureAwait(false);
        }
    }
}
