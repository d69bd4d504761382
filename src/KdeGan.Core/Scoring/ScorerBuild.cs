using KdeGan.Core.Runs;
using System.Security.Cryptography;
using System.Text.Json;
using KdeGan.Core.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KdeGan.Core.Scoring;

/// <summary>What a scorer build wrote and measured; also saved as results/scorers/&lt;dataset&gt;.json.</summary>
public sealed record ScorerReport(
    string Dataset, string Scorer, double TestAccuracy, double OnnxTestAccuracy, long TestCount,
    double ParityMaxAbsDiff, long ParityImages, int Epochs, long Seed, bool Augment,
    double TrainSeconds, long Parameters, long OnnxBytes, string Sha256);

/// <summary>
/// Trains one of the project's scorers on real data, exports it to ONNX, checks that
/// OnnxRuntime reproduces TorchSharp's logits, and writes &lt;dataset&gt;.onnx, .onnx.sha256 and .json.
/// </summary>
public static class ScorerBuild
{
    /// <summary>Test images used for the TorchSharp/OnnxRuntime parity check.</summary>
    public const int ParityImages = 1000;

    public static ScorerReport Run(ScorerRecipe recipe, string dataRoot, string outDir, IProgress<ScorerEpoch>? progress = null)
    {
        using var train = DatasetCatalog.Load(recipe.Dataset, train: true, dataRoot);
        using var test = DatasetCatalog.Load(recipe.Dataset, train: false, dataRoot);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var net = ScorerTrainer.Train(recipe, train, test, progress);
        var seconds = clock.Elapsed.TotalSeconds;
        var accuracy = ScorerTrainer.Accuracy(net, test);

        Directory.CreateDirectory(outDir);
        var onnxPath = Path.Combine(outDir, recipe.Dataset + ".onnx");
        OnnxExport.Save(net, test.Channels, test.Height, test.Width, onnxPath);
        var descriptor = ScorerCatalog.Own(recipe.Dataset);
        using var parityImages = test.Images.narrow(0, 0, Math.Min(ParityImages, test.Count));
        var parity = ParityMaxAbsDiff(net, onnxPath, descriptor, parityImages);
        var onnxAccuracy = OnnxAccuracy(onnxPath, descriptor, test);

        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(onnxPath)));
        AtomicFile.WriteAllText(onnxPath + ".sha256", $"{sha}  {Path.GetFileName(onnxPath)}\n");
        var report = new ScorerReport(recipe.Dataset, descriptor.Name, accuracy, onnxAccuracy, test.Count,
            parity, parityImages.shape[0], recipe.Epochs, recipe.Seed, recipe.Augment, seconds,
            net.parameters().Sum(p => p.numel()), new FileInfo(onnxPath).Length, sha);
        AtomicFile.WriteAllText(Path.Combine(outDir, recipe.Dataset + ".json"),
            JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }) + "\n");
        return report;
    }

    /// <summary>Max |logit difference| between TorchSharp (eval mode) and OnnxRuntime on <paramref name="images"/>.</summary>
    public static double ParityMaxAbsDiff(Sequential net, string onnxPath, ScorerDescriptor descriptor, Tensor images)
    {
        net.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var torchLogits = net.forward(images);
        using var scorer = new OnnxScorer(onnxPath, descriptor);
        using var onnx = scorer.Score(images);
        return (torchLogits.to_type(ScalarType.Float64) - onnx.Logits.to_type(ScalarType.Float64)).abs().max().item<double>();
    }

    /// <summary>Top-1 accuracy of an ONNX scorer on a labelled dataset.</summary>
    public static double OnnxAccuracy(string onnxPath, ScorerDescriptor descriptor, ImageDataset data)
    {
        using var scope = NewDisposeScope();
        using var scorer = new OnnxScorer(onnxPath, descriptor);
        using var output = scorer.Score(data.Images);
        return output.Logits.argmax(1).eq(data.Labels).sum().item<long>() / (double)data.Count;
    }

}
