using KdeGan.Core.Latent;
using KdeGan.Core.Training;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>One kernel parameterisation of Figure 4: form "sigma" (exp(-d²/(2s²))) or "gamma" (exp(-g d²)).</summary>
public sealed record KernelParameter
{
    public string Form { get; init; } = "gamma";
    public double Value { get; init; } = 1e-4;

    public RbfKernel ToKernel() => Form switch
    {
        "sigma" => RbfKernel.WithSigma(Value),
        "gamma" => RbfKernel.WithGamma(Value),
        _ => throw new ArgumentException($"analysis setting kernels[].form: expected 'sigma' or 'gamma', found '{Form}'"),
    };
}

/// <summary>Parameters of Figure 4.</summary>
public sealed record Figure4Parameters
{
    /// <summary>Codes per sample (m of Eq. 3): a data mini-batch and a generated one.</summary>
    public int BatchSize { get; init; } = 100;
    public int Steps { get; init; } = 200;
    /// <summary>Independent batch pairs (mean and std over them).</summary>
    public int Repeats { get; init; } = 3;
    /// <summary>Permutations of the test at the last step.</summary>
    public int Permutations { get; init; } = 200;
    public KernelParameter[] Kernels { get; init; } =
    [
        new() { Form = "sigma", Value = 1e-4 }, new() { Form = "gamma", Value = 1e-4 },
        new() { Form = "gamma", Value = 1e-3 }, new() { Form = "gamma", Value = 1e-2 }, new() { Form = "sigma", Value = 1 },
    ];
    /// <summary>Only learning_rate and initial_std apply; steps come from steps.</summary>
    public ReversalParameters Reversal { get; init; } = new();
    public string TrainArtifact { get; init; } = "generators";
}

/// <summary>
/// Figure 4: MMD² (Eq. 3) between the reversed codes of a data mini-batch and of a mini-batch
/// the trained generator made, after each reversal step, for several kernel parameterisations:
/// the run that shows which reading of "bandwidth 1e-4" gives a usable statistic. Both batches
/// are reversed as one (in evaluation mode each image depends on its own code only).
/// mmd.csv: repeat, step, kernel, mmd2, loss (mean per-image loss of the data half);
/// tests.csv: repeat, kernel, mmd2, p_value at the last step.
/// </summary>
public sealed class Figure4Driver : IFigureDriver
{
    public string Artifact => "figure4";

    public void Run(FigureContext context, ITrainingProgress progress, CancellationToken cancel)
    {
        var p = context.Read<Figure4Parameters>();
        var kernels = p.Kernels.Select(k => k.ToKernel()).ToArray();
        using var train = FigureData.Train(context);
        using var test = FigureData.Test(context);
        using var generator = FigureGenerator.Trained(context, context.Methods[0], p.TrainArtifact, train, progress, cancel);
        var mmd = new ResultsTable("repeat", "step", "kernel", "mmd2", "loss");
        var tests = new ResultsTable("repeat", "kernel", "mmd2", "p_value");
        var m = p.BatchSize;
        for (var r = 0; r < p.Repeats; r++)
        {
            using var rng = context.Rng(40 + r);
            using var scope = NewDisposeScope();
            var data = test.Images.index_select(0, FigureData.Pick(test, m, rng));
            var both = cat([data, generator.Decode(randn([m, generator.LatentDim], generator: rng))], 0);
            var z = GeneratorReversal.InitialCodes(2 * m, generator.LatentDim, p.Reversal.InitialStd, rng);
            var oneStep = p.Reversal.ToSettings(1);
            for (var step = 0; ; step++)
            {
                cancel.ThrowIfCancellationRequested();
                using var stepScope = NewDisposeScope();
                var loss = FigureData.PixelMse(data, generator.Decode(z.narrow(0, 0, m))).Average() * data[0].numel();
                foreach (var k in kernels)
                    mmd.Add(r, step, k.ToString(), Mmd.UnbiasedSquared(z.narrow(0, 0, m), z.narrow(0, m, m), k), loss);
                if (step == p.Steps) break;
                using var result = GeneratorReversal.Reverse(generator.Module, both, generator.LatentDim, oneStep, rng, warmStart: z);
                z.copy_(result.Codes);
            }
            foreach (var k in kernels)
            {
                var t = Mmd.PermutationTest(z.narrow(0, 0, m), z.narrow(0, m, m), k, p.Permutations, rng);
                tests.Add(r, k.ToString(), t.Mmd2, t.PValue);
            }
            progress.Message($"{context.Dataset}: MMD curves of batch pair {r + 1}/{p.Repeats}");
        }
        mmd.Save(context.File("mmd.csv"));
        tests.Save(context.File("tests.csv"));
    }
}
