using System.CommandLine;
using KdeGan.Core.Data;
using KdeGan.Core.Scoring;

namespace KdeGan.Cli.Commands;

/// <summary>`kdegan scorers train`: trains, exports and checks one of the project's own scorers.</summary>
public static class ScorersCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "mnist, cifar10 or svhn", Required = true };
        var dataDir = CommonOptions.DataDir();
        var epochs = new Option<int?>("--epochs") { Description = "passes over the training set (default: the recipe's)" };
        var seed = new Option<long>("--seed") { Description = "torch seed", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "torch CPU threads (0 = default)", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string?>("--out") { Description = "output folder (default: results/scorers)" };
        var train = new Command("train", "train a scorer on real data, export it to ONNX, check parity, write .onnx/.sha256/.json")
            { dataset, dataDir, epochs, seed, threads, outDir };
        train.SetAction(parse =>
        {
            var name = parse.GetValue(dataset)!;
            var root = DataLocation.Resolve(parse.GetValue(dataDir));
            var recipe = ScorerRecipe.Default(name);
            recipe = recipe with { Epochs = parse.GetValue(epochs) ?? recipe.Epochs, Seed = parse.GetValue(seed) };
            if (parse.GetValue(threads) > 0) TorchSharp.torch.set_num_threads(parse.GetValue(threads));
            var output = parse.GetValue(outDir) ?? ScorerCatalog.OwnModelsDir(DataLocation.RepositoryRoot());
            var progress = new SynchronousProgress<ScorerEpoch>(e =>
                Console.WriteLine($"epoch {e.Epoch}/{e.Epochs}: train loss {e.TrainLoss:F4}, test accuracy {e.TestAccuracy:P2}, {e.Seconds:F0} s"));
            ScorerReport report;
            try
            {
                report = ScorerBuild.Run(recipe, root, output, progress);
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or ArgumentException)
            {
                Console.Error.WriteLine($"{name} data missing under {root}, cannot train the {name} scorer: {e.Message}");
                return 2;
            }
            Console.WriteLine($"{report.Scorer}: test accuracy {report.TestAccuracy:P2} (ONNX {report.OnnxTestAccuracy:P2}), " +
                $"parity max |diff| {report.ParityMaxAbsDiff:E2} on {report.ParityImages} images, {report.OnnxBytes} bytes, sha256 {report.Sha256}");
            return 0;
        });
        return new Command("scorers", "the project's own classifiers used for scoring") { train };
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and interleave output).</summary>
    sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
