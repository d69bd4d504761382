using System.Diagnostics;
using KdeGan.Core.Training;

namespace KdeGan.Cli.Commands;

/// <summary>One resident-memory reading.</summary>
public sealed record MemorySample(long Iteration, double RssMebibytes, double ManagedMebibytes);

/// <summary>Records the process's resident set size every N iterations of a training run.</summary>
public sealed class MemoryProbe(long every) : ITrainingProgress
{
    public List<MemorySample> Samples { get; } = [];

    public void Started(TrainingStarted info) { }

    public void Iteration(IterationReport report)
    {
        if (report.Iteration % every != 0) return;
        using var self = Process.GetCurrentProcess();
        Samples.Add(new MemorySample(report.Iteration, self.WorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0));
    }

    public void Message(string text) { }
}
