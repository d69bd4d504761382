using System.Text.Json;
using KdeGan.Core.Data;

namespace KdeGan.Core.Runs;

/// <summary>The data a run trained on: its dataset with the phase's digit restriction (phase.json), as the runner loads it.</summary>
public static class RunData
{
    public static DatasetOptions? OptionsFor(ExperimentPhase? phase) =>
        phase?.Digits is { } digits ? new DatasetOptions(Mnist1000: new StackedMnistOptions(Digits: digits)) : null;

    /// <summary>The phase recorded in <paramref name="paths"/> (phase.json), or null for a run without phases.</summary>
    public static ExperimentPhase? PhaseOf(RunPaths paths)
    {
        var file = Path.Combine(paths.Root, ExperimentRunner.PhaseFile);
        return File.Exists(file) ? SettingsJson.Read<ExperimentPhase>(SettingsJson.ParseFile(file), file) : null;
    }

    public static ImageDataset LoadTrain(RunPaths paths, ResolvedConfig config, string dataRoot) =>
        DatasetCatalog.Load(config.Dataset, train: true, dataRoot, OptionsFor(PhaseOf(paths)));

    /// <summary>samples/dataset.png: training images to show beside the samples (Figure 7), once per run.</summary>
    public static void WriteDatasetGrid(RunPaths paths, ResolvedConfig config, ImageDataset train)
    {
        var file = Path.Combine(paths.Samples, Report.Figure7Report.DatasetGrid);
        if (File.Exists(file)) return;
        Directory.CreateDirectory(paths.Samples);
        using var images = train.Images.narrow(0, 0, Math.Min(train.Count, config.Settings.Samples.Count));
        Report.ImageGrid.Save(file, images, config.Settings.Samples.Columns);
    }

    /// <summary>Phase JSON as stored in phase.json (compared for reuse).</summary>
    public static string PhaseJson(ExperimentPhase phase) => JsonSerializer.Serialize(phase, SettingsJson.Options);
}
