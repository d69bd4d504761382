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
    /// <summary>Seeds per profile (e.g. smoke 1, cpu 3), overriding <see cref="Seeds"/>.</summary>
    public Dictionary<string, int>? SeedsByProfile { get; init; }
    /// <summary>Datasets per profile (e.g. smoke only mnist), overriding <see cref="Datasets"/>.</summary>
    public Dictionary<string, string[]>? DatasetsByProfile { get; init; }
    /// <summary>Overrides of <see cref="RunSettings"/> for every profile.</summary>
    public JsonObject? Settings { get; init; }
    /// <summary>Overrides per profile name (smoke, cpu, paper), applied after the built-in profile.</summary>
    public Dictionary<string, JsonObject>? Profiles { get; init; }
    /// <summary>Phases run in order per dataset x method x seed (Table 2); without them one run each.</summary>
    public ExperimentPhase[]? Phases { get; init; }
    /// <summary>What `kdegan score` evaluates; without it the runs are not scored.</summary>
    public EvaluationSpec? Evaluation { get; init; }
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
        ValidatePhases(spec);
        foreach (var (profile, datasets) in spec.DatasetsByProfile ?? [])
            foreach (var d in datasets.Where(d => !spec.Datasets.Contains(d)))
                throw new SettingsException(path, $"datasets_by_profile.{profile}", $"datasets among \"datasets\" ({string.Join(", ", spec.Datasets)}), found '{d}'");
        foreach (var metric in spec.Evaluation?.Metrics ?? [])
            if (!EvaluationSpec.KnownMetrics.Contains(metric))
                throw new SettingsException(path, "evaluation.metrics", $"metrics among {string.Join(", ", EvaluationSpec.KnownMetrics)}, found '{metric}'");
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

    public int SeedsFor(string profile) => SeedsByProfile?.GetValueOrDefault(profile) is > 0 and var n ? n : Seeds;

    public IReadOnlyList<string> DatasetsFor(string profile) => DatasetsByProfile?.GetValueOrDefault(profile) ?? Datasets;

    static void ValidatePhases(ExperimentSpec spec)
    {
        var seen = new HashSet<string>();
        foreach (var phase in spec.Phases ?? [])
        {
            if (string.IsNullOrWhiteSpace(phase.Name) || phase.Name.StartsWith("seed-", StringComparison.Ordinal) || !seen.Add(phase.Name))
                throw new SettingsException(spec.Path, "phases.name", $"unique names not starting with 'seed-', found '{phase.Name}'");
            if (phase.ContinueFrom is { } from && (from == phase.Name || !seen.Contains(from)))
                throw new SettingsException(spec.Path, $"phases.{phase.Name}.continue_from", $"an earlier phase, found '{from}'");
            if (phase.Digits is { } digits && (digits.Length == 0 || digits.Any(d => d is < 0 or > 9)))
                throw new SettingsException(spec.Path, $"phases.{phase.Name}.digits", "digits 0..9");
        }
    }
}
