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
    /// <summary>
    /// Parameters of the artifact's analysis driver (step lists, radii, kernels, counts), read by
    /// the driver into its own record; an optional "profiles" object inside holds per-profile
    /// overrides of them.
    /// </summary>
    public JsonObject? Analysis { get; init; }

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
        if (spec.Analysis?["profiles"] is { } analysisProfiles)
        {
            if (analysisProfiles is not JsonObject byProfile)
                throw new SettingsException(path, "analysis.profiles", $"an object keyed by profile, found {analysisProfiles.GetValueKind()}");
            foreach (var (name, value) in byProfile)
                if (!BuiltInProfiles.Names.Contains(name) || value is not JsonObject)
                    throw new SettingsException(path, $"analysis.profiles.{name}", $"an object for a profile among {string.Join(", ", BuiltInProfiles.Names)}");
        }
        return spec;
    }
}
