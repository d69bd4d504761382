using KdeGan.Core.Data;
using KdeGan.Core.Nets;
using KdeGan.Core.Training;
using static TorchSharp.torch;

namespace KdeGan.Core.Runs;

/// <summary>
/// A run's method rebuilt from its config and restored from its last checkpoint (networks,
/// optimisers, method state such as KDE-GAN's code bank, and the training stream), for scoring
/// for continuing into another phase, and for analysis (reversal, figures, BiGAN inference).
/// The one way a finished run is read back. Owns what it holds.
/// </summary>
public sealed class RestoredRun : IDisposable
{
    public GanMethod Method { get; }
    public Generator TrainingRng { get; }
    public long Iteration { get; }

    RestoredRun(GanMethod method, Generator rng, long iteration) => (Method, TrainingRng, Iteration) = (method, rng, iteration);

    /// <summary>Restores <paramref name="paths"/>' checkpoint; <paramref name="trainData"/> is the data the run trained on (its size is checked).</summary>
    public static RestoredRun Load(RunPaths paths, ResolvedConfig config, ImageDataset trainData)
    {
        var s = config.Settings;
        var device = TorchSetup.ResolveDevice(s.System.Device);
        var layout = DcganLayout.For(trainData.Channels, trainData.Height, trainData.Width, s.Model.LatentDim, s.Model.Width, s.Model.BatchNorm);
        using var initRng = TorchSetup.Stream(config.Seed, RngPurpose.Init);
        var method = GanMethods.Create(config.Method, new GanContext(layout, s, device, initRng, trainData.Count));
        var rng = TorchSetup.Stream(config.Seed, RngPurpose.Training);
        try
        {
            var iteration = Checkpoint.Load(paths.LastCheckpoint, config.Hash(), method, rng, new BatchSampler(trainData.Images, s.Training.BatchSize));
            return new RestoredRun(method, rng, iteration);
        }
        catch
        {
            method.Dispose();
            rng.Dispose();
            throw;
        }
    }

    /// <summary><paramref name="count"/> images from the method's own latent distribution (KDE-GAN: its KDE prior), in evaluation mode, on the CPU.</summary>
    public Tensor Generate(long count, Generator rng, int batchSize = 500)
    {
        Method.SetTraining(false);
        try
        {
            var parts = new List<Tensor>();
            using var scope = NewDisposeScope();
            using (no_grad())
                for (long done = 0; done < count; done += batchSize)
                    parts.Add(Method.Generator.forward(Method.SampleLatent(Math.Min(batchSize, count - done), rng)).cpu());
            return cat(parts, 0).MoveToOuterDisposeScope();
        }
        finally
        {
            Method.SetTraining(true);
        }
    }

    public void Dispose()
    {
        Method.Dispose();
        TrainingRng.Dispose();
    }
}
