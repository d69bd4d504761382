using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using KdeGan.Core.Data;
using KdeGan.Core.Latent;
using KdeGan.Core.Nets;
using KdeGan.Core.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>What <see cref="DatasetReversal.Execute"/> wrote and how well the codes reconstruct.</summary>
public sealed record DatasetReversalResult(string CodesPath, string LabelsPath, string SidecarPath, long Rows, int CodeDim, double MeanFinalLoss, double Seconds);

/// <summary>
/// Codes of dataset images under a trained run's generator (`kdegan reverse`): the generator of the
/// run's last checkpoint reverses the first <c>count</c> images of a split, in batches of the run's
/// batch size, for a fixed number of steps with the run's reversal settings (no MMD rule: there is
/// no generated batch), from z0 drawn from a stream seeded by the run's seed.
/// Output in RUNDIR/reversal/, named &lt;dataset&gt;-&lt;split&gt;: <c>.codes.f32</c> = N x d float32
/// little-endian row-major, no header; <c>.labels.i64</c> = N int64 little-endian;
/// <c>.json</c> = sidecar (format, rows, code_dim, dtypes, dataset, split, first_index, steps,
/// learning_rate, initial_std, loss, batch_norm_mode, checkpoint_iteration, mean_final_loss).
/// numpy: np.fromfile(codes, '&lt;f4').reshape(rows, code_dim).
/// </summary>
public static class DatasetReversal
{
    public static DatasetReversalResult Execute(RunPaths paths, ImageDataset train, ImageDataset images, string split, long count, int steps)
    {
        if (!File.Exists(paths.Config)) throw new FileNotFoundException($"reverse: {paths.Config} not found; expected a run folder written by `kdegan train`");
        var config = ResolvedConfig.Load(paths.Config);
        var s = config.Settings;
        if (count < 1 || count > images.Count)
            throw new ArgumentException($"reverse --count: expected 1..{images.Count} (images in {images.Name}), found {count}");
        using var restored = RestoredRun.Load(paths, config, train);
        var (method, iteration, latentDim) = (restored.Method, restored.Iteration, s.Model.LatentDim);
        var reversal = KdeGanOptions.Reversal(s) with { MaxSteps = steps, MmdThreshold = null, LossThreshold = null };

        using var rng = TorchSetup.Stream(config.Seed, RngPurpose.Training);
        var clock = Stopwatch.StartNew();
        var codes = new List<float>();
        double lossSum = 0;
        for (long start = 0; start < count; start += s.Training.BatchSize)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(s.Training.BatchSize, count - start);
            using var result = GeneratorReversal.Reverse(method.Generator, images.Images.narrow(0, start, n), latentDim, reversal, rng);
            codes.AddRange(result.Codes.contiguous().data<float>().ToArray());
            lossSum += result.LossTrace[^1] * n;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var dir = Path.Combine(paths.Root, "reversal");
        Directory.CreateDirectory(dir);
        var stem = Path.Combine(dir, $"{config.Dataset}-{split}");
        var written = new DatasetReversalResult(stem + ".codes.f32", stem + ".labels.i64", stem + ".json", count, latentDim, lossSum / count, seconds);
        AtomicFile.Write(written.CodesPath, stream => stream.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(codes))));
        using (var labels = images.Labels.narrow(0, 0, count).contiguous())
        {
            var labelValues = labels.data<long>().ToArray();
            AtomicFile.Write(written.LabelsPath, stream => stream.Write(MemoryMarshal.AsBytes(labelValues.AsSpan())));
        }
        var sidecar = new
        {
            format = "codes: rows x code_dim float32 little-endian row-major, no header; labels: rows int64 little-endian",
            codes = Path.GetFileName(written.CodesPath), labels = Path.GetFileName(written.LabelsPath),
            rows = count, code_dim = latentDim, dataset = config.Dataset, split, first_index = 0,
            steps, learning_rate = reversal.LearningRate, initial_std = reversal.InitialStd, loss = reversal.Loss.ToString(),
            batch_norm_mode = reversal.UseBatchStatistics ? "batch statistics" : "running statistics (eval)",
            method = config.Method, seed = config.Seed, checkpoint_iteration = iteration,
            mean_final_loss = written.MeanFinalLoss, seconds,
        };
        AtomicFile.WriteAllText(written.SidecarPath, JsonSerializer.Serialize(sidecar, SettingsJson.Options));
        return written;
    }
}
