namespace KdeGan.Core.Analysis.Figures;

/// <summary>One `kdegan analyse` call: which artifact's driver to run, with which experiment file and profile.</summary>
public sealed record FigureRequest
{
    public required string Artifact { get; init; }
    /// <summary>experiments/&lt;artifact&gt;.json: datasets, methods, settings and the "analysis" parameters.</summary>
    public required string ExperimentPath { get; init; }
    public string Profile { get; init; } = "smoke";
    public int Seed { get; init; } = 1;
    /// <summary>The method whose trained generator is analysed; default: the experiment's methods.</summary>
    public string? Method { get; init; }
    /// <summary>Only these datasets of the experiment; default: all of them.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }
    /// <summary>`key.path=value` overrides: `analysis.*` keys go to the driver's parameters, the rest to the run settings.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];
    public string ResultsRoot { get; init; } = "results";
    public string? DataDir { get; init; }
    /// <summary>Recompute even when the results folder holds completed results of the same config hash.</summary>
    public bool Force { get; init; }
}

/// <summary>What happened for one dataset: completed, skipped (same hash), or missing (no data on this machine).</summary>
public sealed record FigureOutcome(string Dataset, string Status, string Folder, string? Note = null);
