using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KdeGan.Core.Runs;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>
/// Everything one driver run depends on, for one dataset: the experiment, profile, seed, the
/// resolved run settings (which a trained generator is trained with) and the driver's parameters,
/// layered as experiment "analysis" &lt;- "analysis.profiles.&lt;profile&gt;" &lt;- `--set analysis.k=v`.
/// Its <see cref="Hash"/> decides whether stored results can be reused.
/// </summary>
public sealed class FigureContext
{
    const string AnalysisPrefix = "analysis.";
    readonly List<(JsonObject Layer, string Source)> _parameterLayers = [];

    public FigureContext(FigureRequest request, ExperimentSpec spec, string dataset, string dataRoot)
    {
        Spec = spec;
        Profile = request.Profile;
        Dataset = dataset;
        Seed = request.Seed;
        Methods = request.Method is { } m ? [m] : spec.Methods;
        ResultsRoot = request.ResultsRoot;
        DataRoot = dataRoot;
        TrainingOverrides = request.Overrides.Where(o => !o.StartsWith(AnalysisPrefix, StringComparison.Ordinal)).ToList();
        Settings = SettingsResolver.Resolve(spec, Profile, TrainingOverrides);
        if (spec.Analysis is { } analysis)
        {
            var shared = (JsonObject)analysis.DeepClone();
            shared.Remove("profiles");
            _parameterLayers.Add((shared, $"{spec.Path} (analysis)"));
            if (analysis["profiles"]?[Profile] is JsonObject perProfile)
                _parameterLayers.Add(((JsonObject)perProfile.DeepClone(), $"{spec.Path} (analysis.profiles.{Profile})"));
        }
        foreach (var o in request.Overrides.Where(o => o.StartsWith(AnalysisPrefix, StringComparison.Ordinal)))
            _parameterLayers.Add((SettingsResolver.ParseAssignment(o[AnalysisPrefix.Length..]), $"--set {o}"));
        Output = Path.Combine(ResultsRoot, spec.Artifact, Profile, dataset);
    }

    public ExperimentSpec Spec { get; }
    public string Artifact => Spec.Artifact;
    public string Profile { get; }
    public string Dataset { get; }
    public int Seed { get; }
    /// <summary>Methods whose trained generators are analysed (Figure 10 compares them; the others use the first).</summary>
    public IReadOnlyList<string> Methods { get; }
    public RunSettings Settings { get; }
    /// <summary>Overrides of the run settings (without the analysis ones), for training generators.</summary>
    public IReadOnlyList<string> TrainingOverrides { get; }
    public string ResultsRoot { get; }
    public string DataRoot { get; }
    /// <summary>results/&lt;artifact&gt;/&lt;profile&gt;/&lt;dataset&gt;: where the driver writes.</summary>
    public string Output { get; }

    /// <summary>The merged parameter layers as JSON (what is hashed and written to config.json).</summary>
    public JsonObject Parameters()
    {
        var merged = new JsonObject();
        foreach (var (layer, _) in _parameterLayers) SettingsJson.Merge(merged, layer);
        return merged;
    }

    /// <summary>The driver's parameters as <typeparamref name="T"/>; each layer is checked on its own so an error names its file and key.</summary>
    public T Read<T>()
    {
        foreach (var (layer, source) in _parameterLayers) SettingsJson.Read<T>(layer, source);
        return SettingsJson.Read<T>(Parameters(), $"resolved analysis parameters of {Artifact}");
    }

    /// <summary>The config written to config.json beside the results.</summary>
    public JsonObject Config() => new()
    {
        ["artifact"] = Artifact,
        ["profile"] = Profile,
        ["dataset"] = Dataset,
        ["methods"] = new JsonArray(Methods.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
        ["seed"] = Seed,
        ["settings"] = JsonSerializer.SerializeToNode(Settings, SettingsJson.Options),
        ["analysis"] = Parameters(),
    };

    /// <summary>Lower-case hex SHA-256 of the canonical <see cref="Config"/>.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SettingsJson.Canonical(Config()))));

    /// <summary>An explicit random stream of this run, one per purpose number, independent of the training streams.</summary>
    public Generator Rng(int purpose) => new((ulong)Seed * 1000UL + 100UL + (ulong)purpose);

    /// <summary>A file in the output folder.</summary>
    public string File(string name) => Path.Combine(Output, name);
}
