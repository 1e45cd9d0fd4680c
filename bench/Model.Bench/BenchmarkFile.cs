using System.Text;

namespace Composer.Model.Bench;

/// <summary>
/// The model benchmark's generated project: n services with anchors, a merge key, two-level extends chains,
/// interpolation, short-syntax ports and volumes, and depends_on. One source: the benchmark, scripts/bench-config
/// (through --generate) and the YAML fast path's tests (linked into Model.Tests) read the same file.
/// </summary>
internal static class BenchmarkFile
{
    public static string Generate(int n)
    {
        var sb = new StringBuilder();
        sb.Append("""
            x-defaults: &defaults
              restart: unless-stopped
              logging:
                driver: json-file
                options: {max-size: 10m}
              environment: &env
                TZ: UTC
                REGISTRY: ${REGISTRY}
            services:
              base:
                <<: *defaults
                image: ${REGISTRY}/base:${TAG:-latest}
                healthcheck:
                  test: ["CMD", "true"]
                  interval: 30s
                labels: [tier=base]
              middle:
                extends: base
                environment:
                  LEVEL: middle
                ports: ["9000:9000"]

            """);
        for (var i = 0; i < n; i++)
        {
            sb.Append($"  svc{i}:\n");
            sb.Append("    extends: middle\n");
            sb.Append($"    image: \"${{REGISTRY}}/svc{i}:${{TAG:-latest}}\"\n");
            sb.Append($"    command: [\"serve\", \"--port\", \"{8000 + i % 1000}\"]\n");
            sb.Append("    environment:\n");
            sb.Append($"      - INDEX={i}\n      - NAME=svc{i}\n      - DB_URL=postgres://${{DB_USER:-app}}@db/svc{i}\n");
            sb.Append($"    ports: [\"{20000 + i}:80\"]\n");
            sb.Append($"    volumes: [\"./data/svc{i}:/data\", \"cache:/cache:ro\"]\n");
            if (i > 0) sb.Append($"    depends_on: [svc{i / 10}]\n");
            sb.Append("    networks: [front, back]\n");
        }
        sb.Append("networks:\n  front:\n  back:\nvolumes:\n  cache:\n");
        return sb.ToString();
    }
}
