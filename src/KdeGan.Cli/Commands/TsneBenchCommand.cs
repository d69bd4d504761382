using System.CommandLine;
using System.Diagnostics;
using KdeGan.Core.Analysis;
using KdeGan.Core.Data;
using TorchSharp;
using static TorchSharp.torch;
using KdeGan.Core.Numerics;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan bench tsne`: times exact t-SNE on synthetic clustered codes (by default the issue's
/// target size, 2,000 points of 200 dimensions, 1000 iterations) and writes results/bench/tsne.json.
/// </summary>
public static class TsneBenchCommand
{
    public static Command Create()
    {
        var points = new Option<int>("--points") { Description = "number of codes", DefaultValueFactory = _ => 2000 };
        var dims = new Option<int>("--dims") { Description = "code dimension", DefaultValueFactory = _ => 200 };
        var iterations = new Option<int>("--iterations") { Description = "t-SNE iterations", DefaultValueFactory = _ => 1000 };
        var precision = new Option<string>("--precision") { Description = "float32 or float64", DefaultValueFactory = _ => "float32" };
        var threads = new Option<int>("--threads") { Description = "torch intra-op threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<long>("--seed") { Description = "seed of the data and of t-SNE", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "JSON file (default: results/bench/tsne.json at the repository root)" };
        var tsne = new Command("tsne", "time exact t-SNE of clustered synthetic codes") { points, dims, iterations, precision, threads, seed, output };
        tsne.SetAction(parse => Run(
            parse.GetValue(points), parse.GetValue(dims), parse.GetValue(iterations), ParsePrecision(parse.GetValue(precision)),
            parse.GetValue(threads), parse.GetValue(seed),
            parse.GetValue(output) ?? BenchOutput.PathOf("tsne.json")));
        return tsne;
    }

    private static int Run(int n, int d, int iterations, ScalarType precision, int threads, long seed, string output)
    {
        const int clusters = 10;
        if (n < clusters) throw new ArgumentException($"--points: expected at least {clusters} (one per cluster), found {n}");
        if (d < 1) throw new ArgumentException($"--dims: expected at least 1, found {d}");
        if (threads < 1) throw new ArgumentException($"--threads: expected at least 1, found {threads}");
        set_num_threads(threads);
        using var scope = NewDisposeScope();
        var (codes, labels) = ClusteredCodes(n, d, clusters, seed);
        var options = new TsneOptions { Iterations = iterations, Seed = seed, Precision = precision };
        Console.WriteLine($"t-SNE of {n} codes of {d} dims ({clusters} clusters), {iterations} iterations, {precision}, {threads} threads");

        var calibration = Stopwatch.StartNew();
        int calibrationSteps;
        using (var distances = SquaredDistances.Within(codes.to_type(precision)))
        using (var fit = PerplexityCalibration.Fit(distances, options.Perplexity))
            calibrationSteps = fit.Steps;
        calibration.Stop();

        double? finalKl = null;
        var progress = new InlineProgress<TsneProgress>(p =>
        {
            finalKl = p.KlDivergence;
            if (p.Iteration % 250 == 0 || p.Iteration == iterations) Console.WriteLine($"  iteration {p.Iteration,5}: KL {p.KlDivergence:F4}");
        });
        Console.WriteLine($"calibration: {calibration.Elapsed.TotalSeconds:F2} s, {calibrationSteps} bisection steps");
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        var embedding = Tsne.Embed(codes, options, progress);
        total.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

        var knnCodes = KnnAccuracy.LeaveOneOut(codes, labels, k: 5);
        var knnEmbedding = KnnAccuracy.LeaveOneOut(embedding, labels, k: 5);
        var result = new Dictionary<string, object?>
        {
            ["benchmark"] = "tsne",
            ["points"] = n,
            ["dims"] = d,
            ["clusters"] = clusters,
            ["iterations"] = iterations,
            ["perplexity"] = options.Perplexity,
            ["precision"] = precision.ToString(),
            ["threads"] = threads,
            ["processor_count"] = Environment.ProcessorCount,
            ["seed"] = seed,
            ["seconds_total"] = Math.Round(total.Elapsed.TotalSeconds, 3),
            ["cpu_seconds_total"] = Math.Round(cpuSeconds, 3),
            ["load_average_1min"] = BenchOutput.LoadAverage(),
            ["seconds_calibration"] = Math.Round(calibration.Elapsed.TotalSeconds, 3),
            ["calibration_steps"] = calibrationSteps,
            ["ms_per_iteration"] = Math.Round((total.Elapsed.TotalMilliseconds - calibration.Elapsed.TotalMilliseconds) / iterations, 3),
            ["final_kl"] = finalKl,
            ["knn5_accuracy_codes"] = knnCodes,
            ["knn5_accuracy_embedding"] = knnEmbedding,
            ["torchsharp"] = typeof(torch).Assembly.GetName().Version?.ToString(),
            ["utc"] = DateTime.UtcNow.ToString("o"),
        };
        BenchOutput.WriteTo(output, result);
        Console.WriteLine($"{total.Elapsed.TotalSeconds:F2} s total, {cpuSeconds:F2} s CPU ({calibration.Elapsed.TotalSeconds:F2} s calibration), " +
                          $"5-NN accuracy {knnCodes:F3} in code space, {knnEmbedding:F3} in the embedding -> {output}");
        return 0;
    }

    /// <summary>Gaussian clusters with centres of scale 1 and noise 0.5 per coordinate, labelled by cluster.</summary>
    private static (Tensor Codes, Tensor Labels) ClusteredCodes(int n, int d, int clusters, long seed)
    {
        using var generator = new Generator((ulong)seed);
        var labels = arange(n, ScalarType.Int64).remainder_(clusters);
        var centres = randn(clusters, d, ScalarType.Float32, generator: generator);
        var codes = centres.index_select(0, labels).add_(randn(n, d, ScalarType.Float32, generator: generator).mul_(0.5));
        return (codes, labels);
    }


    private static ScalarType ParsePrecision(string? value) => value switch
    {
        "float32" => ScalarType.Float32,
        "float64" => ScalarType.Float64,
        _ => throw new ArgumentException($"--precision: expected float32 or float64, found {value}"),
    };


    /// <summary>Reports synchronously on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
