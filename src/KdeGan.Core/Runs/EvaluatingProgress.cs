using KdeGan.Core.Training;

namespace KdeGan.Core.Runs;

/// <summary>
/// Evaluates during training through the loop's existing hooks: the loop reports a message right
/// after every checkpoint it writes, so on each message the checkpoint's iteration is read and
/// scored when it is a new multiple of <c>every</c>. Everything is passed on to the inner progress.
/// </summary>
public sealed class EvaluatingProgress(ITrainingProgress inner, RunPaths paths, IRunEvaluator evaluator, long? every) : ITrainingProgress
{
    private long lastEvaluated = -1;

    public void Started(TrainingStarted info) => inner.Started(info);

    public void Iteration(IterationReport report) => inner.Iteration(report);

    public void Message(string text)
    {
        inner.Message(text);
        if (every is not { } e || !File.Exists(paths.LastCheckpoint)) return;
        var iteration = Checkpoint.ReadIteration(paths.LastCheckpoint);
        if (iteration == lastEvaluated || iteration % e != 0 || iteration == 0) return;
        // After a resume the checkpoint's iteration may already be scored.
        if (EvaluationLog.Read(paths.Root).Any(x => x.Iteration == iteration)) return;
        lastEvaluated = iteration;
        foreach (var evaluation in evaluator.Evaluate(paths, iteration))
            inner.Message($"evaluated {evaluation.Metric} = {evaluation.Mean:G5} ± {evaluation.Std:G3} after iteration {iteration} (n_fake {evaluation.NFake})");
    }
}
