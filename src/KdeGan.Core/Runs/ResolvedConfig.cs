using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KdeGan.Core.Runs;

/// <summary>
/// Everything that decides a run's numbers: what is trained (artifact, profile, dataset, method,
/// seed) and the resolved settings. Written to the run folder as config.json; its
/// <see cref="Hash"/> identifies the run for incremental reruns and guards --resume.
/// </summary>
public sealed record ResolvedConfig
{
    public required string Artifact { get; init; }
    public required string Profile { get; init; }
    public required string Dataset { get; init; }
    public required string Method { get; init; }
    public required int Seed { get; init; }
    public required RunSettings Settings { get; init; }

    /// <summary>Indented JSON as written to config.json.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SettingsJson.Options);

    /// <summary>
    /// Lower-case hex SHA-256 of the canonical JSON (sorted keys, compact): stable across runs and
    /// machines. The artifact is left out: it says where a run is filed, not what it computes, so a
    /// run one artifact trained serves every other artifact that asks for the same run (<see cref="SharedRuns"/>).
    /// </summary>
    public string Hash()
    {
        var node = JsonSerializer.SerializeToNode(this, SettingsJson.Options)!.AsObject();
        node.Remove("artifact");
        var canonical = SettingsJson.Canonical(node);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static ResolvedConfig Load(string path) => SettingsJson.Read<ResolvedConfig>(SettingsJson.ParseFile(path), path);
}
