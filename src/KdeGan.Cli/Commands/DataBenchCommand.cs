using System.CommandLine;
using System.Diagnostics;
using KdeGan.Core.Data;

namespace KdeGan.Cli.Commands;

/// <summary>`kdegan bench data`: seconds to decode MNIST and CIFAR-10 (results/bench/data-load.json).</summary>
public static class DataBenchCommand
{
    const int Runs = 3;

    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var data = new Command("data", "seconds to decode all of MNIST and all of CIFAR-10 into tensors (results/bench/data-load.json)") { dataDir };
        data.SetAction(parse => BenchData(DataLocation.Resolve(parse.GetValue(dataDir))));
        return data;
    }

    static int BenchData(string root)
    {
        // one untimed load first, so torch's start-up is not charged to the first dataset
        using (Mnist.Load(DataLocation.DatasetDir(root, "mnist"), train: false)) { }
        var results = new Dictionary<string, object?>
        {
            ["dataRoot"] = root,
            ["processors"] = Environment.ProcessorCount,
            ["torchThreads"] = TorchSharp.torch.get_num_threads(),
            ["runs"] = Runs,
            ["utc"] = DateTime.UtcNow.ToString("O"),
            // wall times on a shared machine depend on its load; CPU seconds much less so
            ["load_average_1min"] = BenchOutput.LoadAverage(),
        };
        foreach (var name in new[] { "mnist", "cifar10" })
        {
            var runs = Enumerable.Range(0, Runs).Select(_ => TimeBothSplits(name, root)).ToArray();
            var best = runs.MinBy(r => r.Wall);
            results[$"{name}Seconds"] = best.Wall;
            results[$"{name}CpuSeconds"] = best.Cpu;
            results[$"{name}SecondsAllRuns"] = runs.Select(r => r.Wall).ToArray();
            Console.WriteLine($"{name}: train + test decoded in {best.Wall:0.000} s wall, {best.Cpu:0.000} s CPU (best of {Runs} by wall: {string.Join(", ", runs.Select(r => r.Wall.ToString("0.000")))})");
        }
        BenchOutput.Write("data-load.json", results);
        return 0;
    }

    /// <summary>Wall and process CPU seconds; CPU time shows the cost when other jobs share the machine.</summary>
    static (double Wall, double Cpu) TimeBothSplits(string name, string root)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using (DatasetCatalog.Load(name, train: true, root)) { }
        using (DatasetCatalog.Load(name, train: false, root)) { }
        process.Refresh();
        return (clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }
}
