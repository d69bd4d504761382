namespace KdeGan.Core.Training;

/// <summary>How the engine reports a run; the CLI renders it, tests ignore or record it. The engine never prints.</summary>
public interface ITrainingProgress
{
    /// <summary>Once before the first iteration (also after a resume).</summary>
    void Started(TrainingStarted info);

    /// <summary>After every iteration.</summary>
    void Iteration(IterationReport report);

    /// <summary>A notable event (checkpoint written, resumed, samples saved...), also written to log.txt.</summary>
    void Message(string text);
}

public sealed record TrainingStarted(string RunDir, string Method, string Dataset, long FirstIteration, long TotalIterations, int Threads, string Device);

/// <summary>One finished iteration: losses, the wall seconds it took and the method's extra metrics.</summary>
public sealed record IterationReport(long Iteration, long TotalIterations, int Epoch, UpdateLosses Losses, double Seconds, IReadOnlyDictionary<string, double> Extras);

/// <summary>Reports nothing.</summary>
public sealed class SilentProgress : ITrainingProgress
{
    public static readonly SilentProgress Instance = new();
    public void Started(TrainingStarted info) { }
    public void Iteration(IterationReport report) { }
    public void Message(string text) { }
}
