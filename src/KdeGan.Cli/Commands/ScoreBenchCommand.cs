using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using KdeGan.Core.Data;
using KdeGan.Core.Metrics;
using KdeGan.Core.Scoring;
using static TorchSharp.torch;

namespace KdeGan.Cli.Commands;

/// <summary>`kdegan bench scoring`: images per second per scorer, and IS of 50,000 MNIST images end to end.</summary>
public static class ScoreBenchCommand
{
    sealed record ScorerSpeed(string Scorer, string Model, int Images, double Seconds, double ImagesPerSecond);
    sealed record EndToEnd(string Scorer, long Images, double LoadSeconds, double ScoreSeconds, double MetricSeconds, MetricResult InceptionScore);
    sealed record BenchReport(string Machine, int ProcessorCount, int IntraOpThreads, DateTime When, List<ScorerSpeed> Scorers, EndToEnd? MnistIs);


    /// <summary>The `scoring` benchmark subcommand.</summary>
    public static Command CreateScoring()
    {
        var dataDir = CommonOptions.DataDir();
        var threads = new Option<int>("--threads") { Description = "OnnxRuntime intra-op threads (0 = its default)", DefaultValueFactory = _ => 2 };
        var samples = new Option<int>("--samples") { Description = "MNIST training images scored end to end", DefaultValueFactory = _ => 50000 };
        var scoring = new Command("scoring", "time each scorer and the IS of MNIST training images; writes results/bench/scoring.json") { dataDir, threads, samples };
        scoring.SetAction(parse =>
        {
            var root = DataLocation.Resolve(parse.GetValue(dataDir));
            var intraOp = parse.GetValue(threads);
            var repo = DataLocation.RepositoryRoot();
            var candidates = new List<(ScorerDescriptor Descriptor, string Model)>
            {
                (ScorerCatalog.Own("mnist"), ScorerCatalog.OwnModelPath(repo, "mnist")),
                (ScorerCatalog.Own("cifar10"), ScorerCatalog.OwnModelPath(repo, "cifar10")),
                (ScorerCatalog.MnistZoo, Path.Combine(root, "reference-models", "mnist-8.onnx")),
                (ScorerCatalog.SqueezeNetCifar10, Path.Combine(root, "reference-models", "squeezenet_cifar10.onnx")),
            };
            var speeds = new List<ScorerSpeed>();
            foreach (var (descriptor, model) in candidates)
            {
                if (!File.Exists(model))
                {
                    Console.WriteLine($"{descriptor.Name}: {model} not found, skipped");
                    continue;
                }
                var count = descriptor.FixedBatch == 1 ? 1000 : 5000;
                using var images = rand(count, descriptor.Channels, descriptor.Height, descriptor.Width) * 2 - 1;
                using var scorer = new OnnxScorer(model, descriptor, intraOp);
                scorer.Score(images.narrow(0, 0, Math.Min(count, 100))).Dispose();
                var clock = Stopwatch.StartNew();
                scorer.Score(images).Dispose();
                var speed = new ScorerSpeed(descriptor.Name, Path.GetFileName(model), count, clock.Elapsed.TotalSeconds, count / clock.Elapsed.TotalSeconds);
                speeds.Add(speed);
                Console.WriteLine($"{speed.Scorer}: {speed.ImagesPerSecond:F0} images/s ({count} images)");
            }
            var endToEnd = MnistEndToEnd(root, ScorerCatalog.OwnModelPath(repo, "mnist"), parse.GetValue(samples), intraOp);
            if (endToEnd != null)
                Console.WriteLine($"end to end: {endToEnd.InceptionScore} in {endToEnd.LoadSeconds + endToEnd.ScoreSeconds + endToEnd.MetricSeconds:F1} s " +
                    $"(load {endToEnd.LoadSeconds:F1}, score {endToEnd.ScoreSeconds:F1}, IS {endToEnd.MetricSeconds:F2})");
            var report = new BenchReport(Environment.MachineName, Environment.ProcessorCount, intraOp, DateTime.UtcNow, speeds, endToEnd);
            BenchOutput.Write("scoring.json", report);
            return 0;
        });
        return scoring;
    }

    /// <summary>Loads MNIST training images, scores them with our digit scorer and computes IS; null when the model is missing.</summary>
    static EndToEnd? MnistEndToEnd(string root, string model, int samples, int intraOp)
    {
        if (!File.Exists(model))
        {
            Console.WriteLine($"end to end: {model} not found, skipped");
            return null;
        }
        var clock = Stopwatch.StartNew();
        using var train = Mnist.Load(DataLocation.DatasetDir(root, "mnist"), train: true);
        using var images = train.Images.narrow(0, 0, Math.Min(samples, train.Count));
        var load = clock.Elapsed.TotalSeconds;
        clock.Restart();
        using var scorer = new OnnxScorer(model, ScorerCatalog.Own("mnist"), intraOp);
        using var output = scorer.Score(images);
        var score = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var inception = InceptionScore.FromLogits(output.Logits, scorer.Descriptor.Name);
        return new EndToEnd(scorer.Descriptor.Name, images.shape[0], load, score, clock.Elapsed.TotalSeconds, inception);
    }
}
