using System.CommandLine;
using System.Globalization;
using KdeGan.Core.Analysis;
using KdeGan.Core.Data;
using KdeGan.Core.Latent;
using KdeGan.Core.Runs;
using static TorchSharp.torch;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan compare-inference --run RUNDIR [--count N] [--steps 5,20,50] [--batch B] [--learning-rate L] [--threads T] [--data-dir D]`:
/// on a trained BiGAN run, the reconstruction error and time of the encoder, of generator reversal
/// from z0 and of reversal started at the encoder's code, over the first N test images; writes
/// inference-comparison.{csv,json,tex} into the run folder.
/// </summary>
public static class CompareInferenceCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "a BiGAN run folder (with config.json and checkpoints/last.ckpt)", Required = true };
        var count = new Option<int>("--count") { Description = "test images to infer codes for", DefaultValueFactory = _ => 500 };
        var steps = new Option<string>("--steps") { Description = "reversal step counts, comma-separated", DefaultValueFactory = _ => "5,20,50" };
        var batch = new Option<int>("--batch") { Description = "images per inference batch", DefaultValueFactory = _ => 100 };
        var learningRate = new Option<double>("--learning-rate") { Description = "reversal step size (the paper's 1.0 by default)", DefaultValueFactory = _ => ReversalSettings.PaperLearningRate };
        var threads = new Option<int?>("--threads") { Description = "torch threads (default: the run's system.threads)" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("compare-inference", "encoder vs generator reversal on a trained BiGAN run") { run, count, steps, batch, learningRate, threads, dataDir };
        command.SetAction(parse =>
        {
            try
            {
                var stepCounts = ParseSteps(parse.GetValue(steps)!);
                var paths = new RunPaths(Path.GetFullPath(parse.GetValue(run)!));
                var dataRoot = DataLocation.Resolve(parse.GetValue(dataDir));
                using var trained = TrainedBiGan.Load(paths, dataRoot);
                var config = trained.Config;
                var usedThreads = TorchSetup.ApplyThreads(parse.GetValue(threads) ?? config.Settings.System.Threads);
                using var test = DatasetCatalog.Load(config.Dataset, train: false, dataRoot);
                var n = parse.GetValue(count);
                if (n < 1 || n > test.Count) throw new ArgumentException($"--count: expected 1..{test.Count} (the {config.Dataset} test split), found {n}");
                using var images = test.Images.narrow(0, 0, n).to(trained.Method.Context.Device);
                var reversal = new ReversalSettings { LearningRate = parse.GetValue(learningRate) };
                using var rng = new Generator((ulong)config.Seed);
                Console.WriteLine($"comparing on {n} {config.Dataset} test images, checkpoint iteration {trained.Iteration}, {usedThreads} thread(s)");
                var rows = LatentInferenceComparison.Run(trained.Method.Generator, trained.Method.Encoder, images, stepCounts, reversal, parse.GetValue(batch), rng);
                var info = new InferenceComparisonInfo(paths.Root, config.Dataset, config.Seed, trained.Iteration,
                    reversal.LearningRate, reversal.InitialStd, reversal.Loss.ToString(), usedThreads);
                foreach (var r in rows)
                    Console.WriteLine($"{r.Method,-17} steps {r.Steps,3}  ||G(z)-x|| {r.ReconMean,7:F3} +- {r.ReconStd,6:F3}  {r.MillisecondsPerImage,8:F2} ms/image");
                foreach (var file in InferenceComparisonReport.Write(paths.Root, info, rows)) Console.WriteLine($"wrote {file}");
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

    static int[] ParseSteps(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : -1).ToArray();
        if (values.Length == 0 || values.Contains(-1))
            throw new ArgumentException($"--steps: expected positive integers separated by commas, e.g. 5,20,50, found '{text}'");
        return values;
    }
}
