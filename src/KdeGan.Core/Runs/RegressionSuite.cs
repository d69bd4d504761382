using KdeGan.Core.Data;

namespace KdeGan.Core.Runs;

/// <summary>
/// Reruns the runs a baseline names, from scratch, into a scratch results folder (never over the
/// committed results), scores them as their experiment says, and compares or records the numbers.
/// </summary>
public static class RegressionSuite
{
    /// <summary>results/baselines/*.json, sorted.</summary>
    public static IReadOnlyList<string> BaselineFiles(string baselinesDir) =>
        Directory.Exists(baselinesDir) ? Directory.GetFiles(baselinesDir, "*.json").Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>Reruns <paramref name="baseline"/>'s runs into <paramref name="scratchRoot"/> and returns their guarded numbers.</summary>
    public static IReadOnlyList<BaselineValue> Rerun(RegressionBaseline baseline, string repositoryRoot, string scratchRoot, string? dataDir, IExperimentProgress progress)
    {
        var request = baseline.Request(repositoryRoot, scratchRoot, dataDir);
        var spec = ExperimentSpec.Load(request.ExperimentPath);
        if (spec.Artifact != baseline.Artifact)
            throw new SettingsException(request.ExperimentPath, "artifact", $"'{baseline.Artifact}' as its baseline says, found '{spec.Artifact}'");
        var artifactDir = Path.Combine(scratchRoot, baseline.Artifact, baseline.Profile);
        if (Directory.Exists(artifactDir)) Directory.Delete(artifactDir, recursive: true);
        using var scorer = spec.Evaluation is { } evaluation
            ? new RunScorer(evaluation, baseline.Profile, DataLocation.Resolve(dataDir), Scoring.ScorerCatalog.OwnModelsDir(repositoryRoot))
            : null;
        var outcomes = ExperimentRunner.Run(request, progress, scorer, CancellationToken.None);
        if (outcomes.Count == 0 || outcomes.Any(o => o.Status != "completed"))
            throw new InvalidOperationException($"{baseline.Artifact}: the regression runs did not all complete ({string.Join(", ", outcomes.Select(o => $"{o.RunDir}: {o.Status}"))})");
        return baseline.Collect(scratchRoot);
    }

    /// <summary>Reruns and compares; the differences are empty when every value is within its tolerance.</summary>
    public static IReadOnlyList<RegressionDifference> Check(string baselineFile, string repositoryRoot, string scratchRoot, string? dataDir, IExperimentProgress progress)
    {
        var baseline = RegressionBaseline.Load(baselineFile);
        if (baseline.Values.Count == 0) throw new InvalidDataException($"{baselineFile}: no values; write them with `kdegan regression baseline`");
        return baseline.Compare(Rerun(baseline, repositoryRoot, scratchRoot, dataDir, progress));
    }

    /// <summary>Reruns and stores the numbers as the new baseline values (tolerances kept per value where they existed).</summary>
    public static RegressionBaseline Record(string baselineFile, string repositoryRoot, string scratchRoot, string? dataDir, IExperimentProgress progress)
    {
        var baseline = RegressionBaseline.Load(baselineFile);
        var values = Rerun(baseline, repositoryRoot, scratchRoot, dataDir, progress)
            .Select(v => baseline.Values.FirstOrDefault(o => o.Run == v.Run && o.Metric == v.Metric) is { } old ? v with { Tolerance = old.Tolerance } : v)
            .ToList();
        var updated = baseline with { Values = values };
        updated.Save(baselineFile);
        return updated;
    }
}
