using System.CommandLine;
using KdeGan.Core.Data;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan reverse --run RUNDIR [--dataset D] [--split test|train] [--count N] [--steps S] [--data-dir D]`:
/// codes of dataset images under the run's last checkpoint, written to RUNDIR/reversal/
/// (format: <see cref="DatasetReversal"/>).
/// </summary>
public static class ReverseCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "run folder written by `kdegan train`", Required = true };
        var dataset = new Option<string?>("--dataset") { Description = "dataset to reverse (default the run's)" };
        var split = new Option<string>("--split") { Description = "test or train", DefaultValueFactory = _ => "test" };
        var count = new Option<long>("--count") { Description = "images from the start of the split", DefaultValueFactory = _ => 1000 };
        var steps = new Option<int>("--steps") { Description = "fixed reversal steps per batch", DefaultValueFactory = _ => 50 };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("reverse", "codes of dataset images under a trained run's generator") { run, dataset, split, count, steps, dataDir };
        command.SetAction(parse =>
        {
            try
            {
                var paths = new RunPaths(parse.GetValue(run)!);
                if (!File.Exists(paths.Config)) throw new FileNotFoundException($"--run: {paths.Config} not found; expected a run folder written by `kdegan train`");
                var config = ResolvedConfig.Load(paths.Config);
                var splitName = parse.GetValue(split)!;
                if (splitName is not ("test" or "train")) throw new ArgumentException($"--split: expected test or train, found {splitName}");
                var root = DataLocation.Resolve(parse.GetValue(dataDir));
                using var train = DatasetCatalog.Load(config.Dataset, train: true, root);
                var name = parse.GetValue(dataset) ?? config.Dataset;
                using var images = splitName == "train" && name == config.Dataset ? null : DatasetCatalog.Load(name, splitName == "train", root);
                var result = DatasetReversal.Execute(paths, train, images ?? train, splitName, parse.GetValue(count), parse.GetValue(steps));
                Console.WriteLine($"reversed {result.Rows} images of {name}/{splitName} in {result.Seconds:F1} s, mean final loss {result.MeanFinalLoss:F2}");
                Console.WriteLine($"wrote {result.CodesPath}, {result.LabelsPath}, {result.SidecarPath}");
                return 0;
            }
            catch (Exception e) when (e is SettingsException or ArgumentException or IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
