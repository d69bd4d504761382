using System.Text.Json.Nodes;

namespace KdeGan.Core.Runs;

/// <summary>
/// One experiment file (experiments/&lt;artifact&gt;.json): which datasets, methods and seeds an
/// artifact needs, sparse setting overrides, and per-profile overrides:
/// <code>{ "artifact": "figure5", "datasets": ["mnist"], "methods": ["dcgan", "kdegan"], "seeds": 3,
///   "settings": { "training": { "batch_size": 100 } },
///   "profiles": { "smoke": {...}, "cpu": {...}, "paper": {...} } }</code>
/// </summary>
public sealed record ExperimentSpec
{
    public required string Artifact { get; init; }
    public required string[] Datasets { get; init; }
    public required string[] Methods { get; init; }
    public int Seeds { get; init; } = 1;
    /// <summary>Overrides of <see cref="RunSettings"/> for every profile.</summary>
    public JsonObject? Settings { get; init; }
    /// <summary>Overrides per profile name (smoke, cpu, paper), applied after the built-in profile.</summary>
    public Dictionary<string, JsonObject>? Profiles { get; init; }

    /// <summary>Where it was read from (not part of the file).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Path { get; init; } = "";

    /// <summary>Reads and validates an experiment file; errors name the file and the key.</summary>
    public static ExperimentSpec Load(string path)
    {
        var spec = SettingsJson.Read<ExperimentSpec>(SettingsJson.ParseFile(path), path) with { Path = path };
        if (spec.Seeds < 1) throw new SettingsException(path, "seeds", $"a positive count, found {spec.Seeds}");
        foreach (var name in spec.Profiles?.Keys ?? Enumerable.Empty<string>())
            if (!BuiltInProfiles.Names.Contains(name))
                throw new SettingsException(path, $"profiles.{name}", $"a profile among {string.Join(", ", BuiltInProfiles.Names)}");
        return spec;
    }
}
