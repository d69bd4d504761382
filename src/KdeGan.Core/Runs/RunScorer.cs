using KdeGan.Core.Data;
using KdeGan.Core.Metrics;
using KdeGan.Core.Report;
using KdeGan.Core.Scoring;
using static TorchSharp.torch;

namespace KdeGan.Core.Runs;

/// <summary>
/// Scores a run's checkpoint with the metrics of its experiment's evaluation spec and appends them
/// to evaluations.json: "is" (our digit scorer for mnist, the 1000-way product of per-slot digit
/// softmaxes for mnist1000, our CIFAR/SVHN scorer when trained, else the reference SqueezeNet for
/// cifar10), "fid"/"kid" (scorer features, generated vs test images), "nn" (pixel distance to the
/// nearest training image), "modes"/"kl" (MNIST1000: modes hit, and KL to the unrestricted dataset's exact
/// mode distribution). Samples come from the method's own latent
/// distribution with a fixed evaluation stream, so scoring the same checkpoint twice agrees.
/// Data and scorers are cached across calls.
/// </summary>
/// Metrics already logged for the iteration are skipped (a run shared with another artifact may
/// hold some) unless <paramref name="rescore"/>, which replaces them.
public sealed class RunScorer(EvaluationSpec spec, string profile, string dataRoot, string scorersDir, int onnxThreads = 1, bool rescore = false) : IRunEvaluator, IDisposable
{
    /// <summary>Seed offset of the evaluation stream (kept apart from training, init and fixed-noise streams).</summary>
    const ulong EvaluationStream = 0x5C0_0000;

    private readonly Dictionary<string, ImageDataset> data = [];
    private readonly Dictionary<string, OnnxScorer> scorers = [];

    public IReadOnlyList<Evaluation> Evaluate(RunPaths paths, long iteration)
    {
        var metrics = rescore ? spec.Metrics : spec.MissingAt(EvaluationLog.Read(paths.Root), iteration);
        if (metrics.Count == 0) return [];
        var config = ResolvedConfig.Load(paths.Config);
        using var train = RunData.LoadTrain(paths, config, dataRoot);
        using var restored = RestoredRun.Load(paths, config, train);
        if (restored.Iteration != iteration)
            throw new InvalidDataException($"{paths.LastCheckpoint}: expected the checkpoint after iteration {iteration}, found {restored.Iteration}");
        var stacked = config.Dataset == "mnist1000";
        var features = metrics.Any(m => m is "fid" or "kid");
        // Cached data and scorers are made before the dispose scope, which would free them.
        var scorer = stacked || features || metrics.Contains("is") ? Scorer(stacked ? "mnist" : config.Dataset) : null;
        var test = features ? Data(config.Dataset) : null;
        using var rng = new Generator(EvaluationStream + (ulong)config.Seed);
        using var scope = NewDisposeScope();
        var fake = restored.Generate(spec.SamplesFor(profile), rng);
        var results = new List<Evaluation>();
        void Add(MetricResult r, string metric) => results.Add(new Evaluation(iteration, metric, r.Mean, r.Std, r.NReal, r.NFake, r.Scorer));
        if (metrics.Contains("nn")) Add(NearestNeighbour.Compute(fake, train.Images).Summary, "nn");
        if (stacked)
        {
            using var slots = Mnist1000Metrics.SlotImages(fake);
            using var output = scorer!.Score(slots);
            var modes = StackedMnist.ModeProbabilities(new StackedMnistOptions());
            var result = Mnist1000Metrics.Compute(output.Logits, modes, scorer.Descriptor.Name);
            if (metrics.Contains("is")) Add(result.InceptionScore, "is");
            if (metrics.Contains("modes"))
            {
                results.Add(new Evaluation(iteration, "modes", result.ModesCovered, 0, 0, fake.shape[0], scorer.Descriptor.Name));
                results.Add(new Evaluation(iteration, "kl", result.KlToData, 0, 0, fake.shape[0], scorer.Descriptor.Name));
            }
        }
        else if (scorer is not null)
        {
            using var output = scorer.Score(fake);
            if (metrics.Contains("is")) Add(InceptionScore.FromLogits(output.Logits, scorer.Descriptor.Name), "is");
            if (metrics.Any(m => m is "fid" or "kid"))
            {
                if (output.Features is null) throw new InvalidOperationException($"scorer {scorer.Descriptor.Name} has no features output; FID/KID need our own scorer (dotnet fsi build.fsx -t Scorers)");
                using var real = scorer.Score(test!.Images.narrow(0, 0, Math.Min(test.Count, fake.shape[0])));
                if (metrics.Contains("fid")) Add(Fid.Compute(real.Features!, output.Features, scorer.Descriptor.Name), "fid");
                if (metrics.Contains("kid")) Add(Kid.Compute(real.Features!, output.Features, scorer.Descriptor.Name), "kid");
            }
        }
        EvaluationLog.Append(paths.Root, results);
        return results;
    }

    /// <summary>The test split of <paramref name="dataset"/> (cached).</summary>
    ImageDataset Data(string dataset)
    {
        if (!data.TryGetValue(dataset, out var d)) data[dataset] = d = DatasetCatalog.Load(dataset, train: false, dataRoot);
        return d;
    }

    /// <summary>Our own scorer for the dataset's images when trained, else the reference model; an error naming the Scorers target otherwise.</summary>
    OnnxScorer Scorer(string dataset)
    {
        if (scorers.TryGetValue(dataset, out var cached)) return cached;
        var own = Path.Combine(scorersDir, dataset + ".onnx");
        var reference = Path.Combine(dataRoot, "reference-models", "squeezenet_cifar10.onnx");
        var scorer = File.Exists(own) ? new OnnxScorer(own, ScorerCatalog.Own(dataset), onnxThreads)
            : dataset == "cifar10" && File.Exists(reference) ? new OnnxScorer(reference, ScorerCatalog.SqueezeNetCifar10, onnxThreads)
            : throw new FileNotFoundException($"no scorer for '{dataset}': {own} not found; build it with `dotnet fsi build.fsx -t Scorers`");
        return scorers[dataset] = scorer;
    }

    public void Dispose()
    {
        foreach (var d in data.Values) d.Dispose();
        foreach (var s in scorers.Values) s.Dispose();
    }
}
