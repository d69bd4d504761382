using System.CommandLine;

namespace KdeGan.Cli.Commands;

/// <summary>`kdegan bench &lt;name&gt;`: speed and memory measurements, each written as JSON under results/bench/.</summary>
public static class BenchCommand
{
    public static Command Create() => new("bench", "speed and memory benchmarks; each writes JSON under results/bench/")
    {
        DataBenchCommand.Create(),
        TsneBenchCommand.Create(),
        TrainBenchCommand.TrainStep(),
        TrainBenchCommand.TrainMemory(),
        ScoreBenchCommand.CreateScoring(),
    };
}
