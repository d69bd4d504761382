using System.CommandLine;
using System.Text.Json;
using KdeGan.Core.Data;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;
using TorchSharp;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan bench train-step`: s/iteration and images/s per dataset shape at cpu and paper width
/// (results/bench/train-step.json). `kdegan bench train-memory`: resident memory over a long
/// smoke-width run (results/bench/train-memory.json).
/// </summary>
public static class TrainBenchCommand
{
    public static Command TrainStep()
    {
        var iterations = new Option<int>("--iterations") { Description = "timed iterations per configuration", DefaultValueFactory = _ => 3 };
        var warmup = new Option<int>("--warmup") { Description = "untimed iterations first", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "torch threads (default all cores)" };
        var command = new Command("train-step", "time one D+G iteration per dataset shape at cpu and paper width") { iterations, warmup, threads };
        command.SetAction(parse =>
        {
            var used = TorchSetup.ApplyThreads(parse.GetValue(threads));
            var timings = new List<TrainStepTiming>();
            foreach (var profile in new[] { "cpu", "paper" })
            {
                var settings = SettingsResolver.Resolve(null, profile, []);
                foreach (var shape in TrainStepBenchmark.Shapes)
                {
                    var t = TrainStepBenchmark.Measure(shape, profile, settings, "dcgan", parse.GetValue(warmup), parse.GetValue(iterations));
                    Console.WriteLine($"{t.Shape,-8} {t.WidthName,-5} width {t.Width,-6} {t.SecondsPerIteration,8:F3} s/it {t.ImagesPerSecond,9:F1} img/s");
                    timings.Add(t);
                }
            }
            BenchOutput.Write("train-step.json", new { threads = used, machine = Environment.MachineName, cores = Environment.ProcessorCount, method = "dcgan", timings });
            return 0;
        });
        return command;
    }

    public static Command TrainMemory()
    {
        var iterations = new Option<long>("--iterations") { Description = "iterations of the smoke-width run", DefaultValueFactory = _ => 2000 };
        var every = new Option<long>("--every") { Description = "record RSS every this many iterations", DefaultValueFactory = _ => 100 };
        var threads = new Option<int?>("--threads") { Description = "torch threads (default all cores)" };
        var command = new Command("train-memory", "resident memory over a long smoke-width run on random 1x28x28 images") { iterations, every, threads };
        command.SetAction(parse =>
        {
            var config = TrainingRun.Resolve(new TrainRequest
            {
                Dataset = "mnist", Method = "dcgan", Profile = "smoke",
                Overrides = [$"training.iterations={parse.GetValue(iterations)}", "training.checkpoint_every=500", "samples.every=500",
                    $"system.threads={parse.GetValue(threads)?.ToString() ?? "null"}"],
            });
            using var rng = new torch.Generator(1);
            using var data = new ImageDataset("random/train", torch.rand([2000, 1, 28, 28], generator: rng).mul_(2).sub_(1), torch.zeros([2000], torch.ScalarType.Int64));
            var probe = new MemoryProbe(parse.GetValue(every));
            var outDir = Path.Combine(Path.GetTempPath(), $"kdegan-bench-memory-{Environment.ProcessId}");
            try
            {
                TrainingRun.Execute(config, new RunPaths(outDir), data, false, probe, CancellationToken.None);
            }
            finally
            {
                Directory.Delete(outDir, recursive: true);
            }
            var first = probe.Samples[0].RssMebibytes;
            var last = probe.Samples[^1].RssMebibytes;
            Console.WriteLine($"RSS {first:F1} MiB at iteration {probe.Samples[0].Iteration} -> {last:F1} MiB at {probe.Samples[^1].Iteration} (growth {last - first:F1} MiB)");
            BenchOutput.Write("train-memory.json", new { iterations = parse.GetValue(iterations), growth_mebibytes = last - first, samples = probe.Samples });
            return 0;
        });
        return command;
    }

}
