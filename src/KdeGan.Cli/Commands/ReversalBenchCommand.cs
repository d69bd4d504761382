using System.CommandLine;
using System.Globalization;
using System.Text;
using KdeGan.Core.Data;
using KdeGan.Core.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan bench reversal-overhead`: seconds per KDE-GAN iteration with 0, 5, 20 and 50 fixed
/// reversal steps (ratios beside the paper's 1.9 / 4.9 / 9.8) and the cost of one reversal step
/// per option (data + generated batch as the MMD rule needs, data only, smaller batches) against
/// the floor, at cpu and paper width on an MNIST batch of 100 (the first 100 training images when
/// MNIST is available, else uniform noise). Writes results/bench/reversal-overhead.json and .md.
/// </summary>
public static class ReversalBenchCommand
{
    public static Command Create()
    {
        var cpuIterations = new Option<int>("--cpu-iterations") { Description = "timed iterations per step count at cpu width", DefaultValueFactory = _ => 3 };
        var paperIterations = new Option<int>("--paper-iterations") { Description = "timed iterations per step count at paper width (~2 s each without reversal)", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "torch threads (default all cores)" };
        var widths = new Option<string>("--widths") { Description = "comma-separated profiles whose width to measure", DefaultValueFactory = _ => "cpu,paper" };
        var dataDir = new Option<string?>("--data-dir") { Description = "data root (default KDEGAN_DATA or data/)" };
        var command = new Command("reversal-overhead", "time KDE-GAN iterations with 0/5/20/50 reversal steps and one reversal step against its floor")
            { cpuIterations, paperIterations, threads, widths, dataDir };
        command.SetAction(parse =>
        {
            var used = TorchSetup.ApplyThreads(parse.GetValue(threads));
            var loadBefore = BenchOutput.LoadAverage();
            using var real = RealBatch(parse.GetValue(dataDir), out var source);
            var results = new List<object>();
            var table = new StringBuilder("# Reversal overhead (MNIST 1x28x28, batch 100)\n\n");
            foreach (var profile in parse.GetValue(widths)!.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var resolved = SettingsResolver.Resolve(null, profile, []);
                var settings = resolved with { Training = resolved.Training with { BatchSize = 100 } };
                var iterations = profile == "paper" ? parse.GetValue(paperIterations) : parse.GetValue(cpuIterations);
                var rows = ReversalBenchmark.Iterations(settings, real, [0, 5, 20, 50], iterations);
                foreach (var r in rows) Console.WriteLine($"{profile,-5} {r.Steps,3} steps {r.SecondsPerIteration,8:F3} s/it (cpu {r.CpuSecondsPerIteration:F3}) x{r.RatioToZero:F2} paper x{r.PaperRatio}");
                var zero = rows[0].SecondsPerIteration;
                var (shortSteps, longSteps) = profile == "paper" ? (1, 5) : (2, 12);
                var steps = new[] { ("data + generated (MMD rule)", 100L, 100L), ("data only", 100L, 0L), ("half batches", 50L, 50L), ("quarter batches", 25L, 25L) }
                    .Select(o => ReversalBenchmark.Step(settings, real, o.Item1, o.Item2, o.Item3, shortSteps, longSteps, zero)).ToList();
                foreach (var s in steps) Console.WriteLine($"{profile,-5} {s.Option,-28} {s.SecondsPerStep,8:F4} s/step floor {s.FloorSecondsPerStep:F4} x{s.RatioToFloor:F2} (cpu x{s.CpuRatioToFloor:F2}) = {s.StepsPerIteration:F2} it/step");
                results.Add(new { profile, width = settings.Model.Width, batch_size = 100, timed_iterations = iterations, iterations = rows, reversal_step = steps });
                AppendTable(table, profile, settings.Model.Width, iterations, rows, steps);
            }
            var loadAfter = BenchOutput.LoadAverage();
            table.Append(CultureInfo.InvariantCulture, $"threads {used}, load average {loadBefore} before / {loadAfter} after (shared machine), batch source {source}\n");
            BenchOutput.Write("reversal-overhead.json", new
            {
                threads = used, cores = Environment.ProcessorCount, load_average_before = loadBefore, load_average_after = loadAfter, batch_source = source,
                note = "iterations: BeforeUpdates + Update with fixed reversal steps (MMD traced, never stopping); reversal_step: (T(long) - T(short)) / steps of GeneratorReversal.Reverse; floor: one generator forward + backward to z, weights frozen",
                widths = results,
            });
            AtomicFile.WriteAllText(BenchOutput.PathOf("reversal-overhead.md"), table.ToString());
            Console.WriteLine($"wrote {BenchOutput.PathOf("reversal-overhead.md")}");
            return 0;
        });
        return command;
    }

    static Tensor RealBatch(string? dataDir, out string source)
    {
        try
        {
            using var mnist = DatasetCatalog.Load("mnist", true, DataLocation.Resolve(dataDir));
            source = "mnist train[0:100]";
            return mnist.Images.narrow(0, 0, 100).clone();
        }
        catch (Exception e) when (e is IOException or DatasetFormatException or UnauthorizedAccessException)
        {
            source = $"uniform noise (MNIST not loaded: {e.Message})";
            using var rng = new torch.Generator(1);
            return rand([100, 1, 28, 28], generator: rng).mul_(2).sub_(1);
        }
    }

    static void AppendTable(StringBuilder t, string profile, double width, int iterations, List<IterationTiming> rows, List<StepTiming> steps)
    {
        var c = CultureInfo.InvariantCulture;
        t.Append(c, $"## {profile} width ({width}), {iterations} timed iteration(s) per row\n\n| reversal steps | s / iteration | CPU s / iteration | ratio to 0 | paper |\n|---|---|---|---|---|\n");
        foreach (var r in rows)
            t.Append(c, $"| {r.Steps} | {r.SecondsPerIteration:F3} | {r.CpuSecondsPerIteration:F3} | {r.RatioToZero:F2} | {(r.PaperRatio is { } p ? p.ToString("F1", c) : "1")} |\n");
        t.Append("\n| one reversal step | rows (data + generated) | s / step | CPU s / step | floor s | floor CPU s | ratio to floor (wall / CPU) | iterations per step |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var s in steps)
            t.Append(c, $"| {s.Option} | {s.DataRows} + {s.GeneratedRows} | {s.SecondsPerStep:F4} | {s.CpuSecondsPerStep:F4} | {s.FloorSecondsPerStep:F4} | {s.FloorCpuSecondsPerStep:F4} | {s.RatioToFloor:F2} / {s.CpuRatioToFloor:F2} | {s.StepsPerIteration:F3} |\n");
        t.Append('\n');
    }
}
