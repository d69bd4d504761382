using System.Diagnostics;
using KdeGan.Core.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>What one loop run needs. <see cref="TrainImages"/> are N x C x H x W in [-1, 1] on the CPU (not owned).</summary>
public sealed record GanLoopInput(ResolvedConfig Config, RunPaths Paths, GanMethod Method, Tensor TrainImages, long TotalIterations, bool Resume);

/// <summary>How a run ended: "completed", "cancelled" or (not rerun, see <see cref="TrainingRun"/>) "skipped"; divergence throws <see cref="DivergenceException"/>.</summary>
public sealed record TrainingOutcome(string Status, long Iterations, string RunDir);

/// <summary>
/// The one training loop every method shares. Per iteration: draw a real batch, the method's
/// <see cref="GanMethod.BeforeUpdates"/>, its <see cref="GanMethod.Update"/>, the NaN/Inf guard,
/// a metrics row, progress, the sample schedule, and checkpoints every
/// training.checkpoint_every iterations, on cancellation (Ctrl-C) and at the end.
/// On CPU at a fixed thread count a resumed run produces the same rows as an uninterrupted one
/// (except the wall-clock column).
/// </summary>
public static class GanLoop
{
    public static TrainingOutcome Run(GanLoopInput input, ITrainingProgress progress, CancellationToken cancel)
    {
        var (config, paths, method) = (input.Config, input.Paths, input.Method);
        var t = config.Settings.Training;
        var hash = config.Hash();
        using var rng = TorchSetup.Stream(config.Seed, RngPurpose.Training);
        var sampler = new BatchSampler(input.TrainImages, t.BatchSize);
        var metrics = new MetricsLog(paths.Metrics, method.ExtraColumns);
        var log = new RunLog(paths.Log);
        long done = 0;
        if (input.Resume)
        {
            done = Checkpoint.Load(paths.LastCheckpoint, hash, method, rng, sampler);
            metrics.Restore(done);
            log.Restore();
        }
        else
        {
            foreach (var dir in new[] { paths.Checkpoints, paths.Samples, paths.Tensorboard })
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(paths.Figure6Rows);
        var samples = new SampleWriter(config.Settings.Samples, paths, config.Seed);
        var board = config.Settings.System.Tensorboard ? torch.utils.tensorboard.SummaryWriter(paths.Tensorboard) : null;

        void Say(string text)
        {
            log.Add(text);
            progress.Message(text);
        }
        void Save(long iteration)
        {
            Checkpoint.Save(paths.LastCheckpoint, iteration, hash, method, rng, sampler);
            metrics.Flush();
            log.Flush();
        }

        Say(input.Resume ? $"resumed from {paths.LastCheckpoint} after iteration {done}" : $"started {method.Name} on {config.Dataset}, seed {config.Seed}");
        progress.Started(new TrainingStarted(paths.Root, method.Name, config.Dataset, done + 1, input.TotalIterations,
            torch.get_num_threads(), method.Context.Device.ToString()));
        method.SetTraining(true);
        var clock = new Stopwatch();
        for (var iteration = done + 1; iteration <= input.TotalIterations; iteration++)
        {
            if (cancel.IsCancellationRequested)
            {
                Save(iteration - 1);
                Say($"cancelled after iteration {iteration - 1}; checkpoint written, continue with --resume");
                log.Flush();
                return new TrainingOutcome("cancelled", iteration - 1, paths.Root);
            }
            clock.Restart();
            TrainingStep step;
            UpdateLosses losses;
            using (var scope = NewDisposeScope())
            {
                using var cpuBatch = sampler.Next(rng);
                step = new TrainingStep { Iteration = iteration, Epoch = sampler.Epoch, Real = cpuBatch.to(method.Context.Device), Indices = sampler.LastIndices, Rng = rng };
                method.BeforeUpdates(step);
                losses = method.Update(step);
                if (t.InjectNanAt == iteration) InjectNan(method);
                try
                {
                    DivergenceGuard.Check(iteration, losses, step.Extras, method);
                }
                catch (DivergenceException e)
                {
                    Say(e.Message);
                    metrics.Flush();
                    log.Flush();
                    throw;
                }
            }
            var seconds = clock.Elapsed.TotalSeconds;
            metrics.Add(iteration, step.Epoch, losses, seconds, step.Extras);
            if (board is not null) WriteBoard(board, iteration, losses, step.Extras);
            progress.Iteration(new IterationReport(iteration, input.TotalIterations, step.Epoch, losses, seconds, step.Extras));
            foreach (var file in samples.AfterIteration(iteration, method)) log.Add($"samples {Path.GetRelativePath(paths.Root, file)} at iteration {iteration}");
            if (t.CheckpointEvery > 0 && iteration % t.CheckpointEvery == 0)
            {
                Save(iteration);
                Say($"checkpoint after iteration {iteration}");
            }
            else if (t.MetricsFlushEvery > 0 && iteration % t.MetricsFlushEvery == 0)
            {
                metrics.Flush();
                log.Flush();
            }
        }
        samples.Final(method);
        Save(input.TotalIterations);
        Say($"completed {input.TotalIterations} iterations; final samples {Path.GetRelativePath(paths.Root, paths.FinalSamples)}");
        log.Flush();
        return new TrainingOutcome("completed", input.TotalIterations, paths.Root);
    }

    /// <summary>Fault injection for the divergence test (training.inject_nan_at): the generator's first weight becomes NaN.</summary>
    static void InjectNan(GanMethod method)
    {
        using var noGrad = no_grad();
        method.Generator.parameters().First().fill_(double.NaN);
    }

    static void WriteBoard(TorchSharp.Modules.SummaryWriter board, long iteration, UpdateLosses losses, IReadOnlyDictionary<string, double> extras)
    {
        var step = (int)iteration;
        board.add_scalar("loss/d", (float)losses.DLoss, step);
        board.add_scalar("loss/g", (float)losses.GLoss, step);
        board.add_scalar("accuracy/d_real", (float)losses.DAccReal, step);
        board.add_scalar("accuracy/d_fake", (float)losses.DAccFake, step);
        foreach (var (name, value) in extras) board.add_scalar($"method/{name}", (float)value, step);
    }
}
