using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using KdeGan.Core.Data;

namespace KdeGan.Cli.Commands;

/// <summary>`kdegan bench &lt;name&gt;`: speed measurements written as JSON under results/bench/.</summary>
public static class BenchCommand
{
    const int Runs = 3;

    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var data = new Command("data", "seconds to decode all of MNIST and all of CIFAR-10 into tensors (results/bench/data-load.json)") { dataDir };
        data.SetAction(parse => BenchData(DataLocation.Resolve(parse.GetValue(dataDir))));
        return new Command("bench", "speed benchmarks") { data };
    }

    static int BenchData(string root)
    {
        // one untimed load first, so torch's start-up is not charged to the first dataset
        using (Mnist.Load(DataLocation.DatasetDir(root, "mnist"), train: false)) { }
        var results = new Dictionary<string, object>
        {
            ["dataRoot"] = root,
            ["processors"] = Environment.ProcessorCount,
            ["torchThreads"] = TorchSharp.torch.get_num_threads(),
            ["runs"] = Runs,
            ["utc"] = DateTime.UtcNow.ToString("O"),
        };
        foreach (var name in new[] { "mnist", "cifar10" })
        {
            var seconds = Enumerable.Range(0, Runs).Select(_ => TimeBothSplits(name, root)).ToArray();
            results[$"{name}Seconds"] = seconds.Min();
            results[$"{name}SecondsAllRuns"] = seconds;
            Console.WriteLine($"{name}: train + test decoded in {seconds.Min():0.000} s (best of {Runs}: {string.Join(", ", seconds.Select(s => s.ToString("0.000")))})");
        }
        var path = Path.Combine(DataLocation.RepositoryRoot(), "results", "bench", "data-load.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    static double TimeBothSplits(string name, string root)
    {
        var clock = Stopwatch.StartNew();
        using (DatasetCatalog.Load(name, train: true, root)) { }
        using (DatasetCatalog.Load(name, train: false, root)) { }
        return clock.Elapsed.TotalSeconds;
    }
}
