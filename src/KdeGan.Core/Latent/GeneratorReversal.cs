using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Latent;

/// <summary>
/// Generator reversal (Algorithm 1), batched: z &lt;- z - eta grad_z l(x, G(z)) until a
/// termination rule of <see cref="ReversalSettings"/> holds. Only the codes get gradients: the
/// generator's parameters have requires_grad switched off for the duration (no weight-gradient
/// work, no graph kept for them) and the gradient is taken with autograd.grad with respect to
/// the codes alone (nothing accumulates in .grad). Each step is one generator forward over the
/// data and generated batch and one backward to z; every temporary lives in a per-step dispose
/// scope, so the allocator reuses the same blocks step after step. The generator's parameters'
/// requires_grad flags, its train/eval mode and its buffers (batch-norm running statistics) are
/// restored on exit.
/// </summary>
public static class GeneratorReversal
{
    /// <summary>Codes z0 ~ N(0, std^2 I), n x codeDim, drawn from <paramref name="rng"/>.</summary>
    public static Tensor InitialCodes(long n, long codeDim, double std, Generator rng, Device? device = null)
    {
        using var scope = NewDisposeScope();
        return randn([n, codeDim], device: device, generator: rng).mul_(std).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Reverses <paramref name="data"/> (n x C x H x W, the generator's output shape) through
    /// <paramref name="generator"/>, which maps n x codeDim codes to images. When
    /// <paramref name="generated"/> (an n-image batch the generator made) is given, its codes are
    /// reversed alongside from fresh z0 and MMD^2 between the two code sets is traced after every
    /// update (and stops the reversal when MmdThreshold is set). <paramref name="warmStart"/>
    /// (n x codeDim) replaces z0 for the data batch, e.g. codes from a persistent code bank.
    /// </summary>
    public static ReversalResult Reverse(nn.Module<Tensor, Tensor> generator, Tensor data, long codeDim,
        ReversalSettings settings, Generator rng, Tensor? generated = null, Tensor? warmStart = null)
    {
        settings.Validate();
        var n = data.shape[0];
        CheckInputs(data, codeDim, settings, generated, warmStart);
        using var outer = NewDisposeScope();
        using var gradMode = enable_grad();
        var withGenerated = generated is not null;
        var dataCodes = warmStart?.detach().to_type(ScalarType.Float32).to(data.device)
                        ?? InitialCodes(n, codeDim, settings.InitialStd, rng, data.device);
        var z = withGenerated
            ? cat([dataCodes, InitialCodes(n, codeDim, settings.InitialStd, rng, data.device)], 0)
            : dataCodes.clone();
        z.requires_grad_(true);
        var target = withGenerated ? cat([data, generated!], 0) : data;

        var losses = new List<double>();
        var mmds = new List<double>();
        var steps = 0;
        ReversalStop stop;
        using (new FrozenGenerator(generator, settings.UseBatchStatistics))
        {
            while (true)
            {
                using var stepScope = NewDisposeScope();
                var perImage = PerImageLoss(Forward(generator, z, n, withGenerated, settings.UseBatchStatistics), target, settings.Loss);
                var dataLoss = perImage.narrow(0, 0, n).mean().item<float>();
                losses.Add(dataLoss);
                if (!float.IsFinite(dataLoss))
                    throw new InvalidOperationException(
                        $"generator reversal: the data batch's loss became {dataLoss} at step {steps}; lower LearningRate (now {settings.LearningRate})");
                if (settings.LossThreshold is { } lt && dataLoss <= lt) { stop = ReversalStop.LossThreshold; break; }

                var grad = autograd.grad([perImage.sum()], [z])[0];
                using (no_grad()) z.sub_(grad.mul_(settings.LearningRate));
                steps++;

                if (withGenerated)
                {
                    var mmd2 = Mmd.UnbiasedSquared(z.narrow(0, 0, n), z.narrow(0, n, n), settings.MmdKernel);
                    mmds.Add(mmd2);
                    if (settings.MmdThreshold is { } mt && mmd2 > mt) { stop = ReversalStop.MmdThreshold; break; }
                }
                if (steps >= settings.MaxSteps) { stop = ReversalStop.StepCap; break; }
            }
        }
        var codes = z.detach().narrow(0, 0, n).clone().MoveToOuterDisposeScope();
        var generatedCodes = withGenerated ? z.detach().narrow(0, n, n).clone().MoveToOuterDisposeScope() : null;
        return new ReversalResult(codes, generatedCodes, steps, stop, losses, mmds);
    }

    /// <summary>
    /// One forward of all codes; with batch statistics the data and generated halves run
    /// separately so each half is normalised by its own statistics, as in a GAN update.
    /// </summary>
    private static Tensor Forward(nn.Module<Tensor, Tensor> generator, Tensor z, long n, bool withGenerated, bool batchStatistics)
    {
        if (!withGenerated || !batchStatistics) return generator.call(z);
        return cat([generator.call(z.narrow(0, 0, n)), generator.call(z.narrow(0, n, n))], 0);
    }

    /// <summary>|G(z) - x|^2 per image, summed or averaged over pixels.</summary>
    private static Tensor PerImageLoss(Tensor output, Tensor target, ReversalLoss loss)
    {
        var squared = (output - target).square().flatten(1);
        return loss == ReversalLoss.SumOverPixels ? squared.sum(1) : squared.mean([1]);
    }

    private static void CheckInputs(Tensor data, long codeDim, ReversalSettings settings, Tensor? generated, Tensor? warmStart)
    {
        var n = data.shape[0];
        if (data.dim() < 2 || n < 1)
            throw new ArgumentException($"generator reversal: expected a non-empty batch of images, found shape {ShapeText.Of(data)}");
        if (codeDim < 1)
            throw new ArgumentOutOfRangeException(nameof(codeDim), codeDim, $"generator reversal: expected a code dimension >= 1, found {codeDim}");
        if (generated is not null && !generated.shape.SequenceEqual(data.shape))
            throw new ArgumentException(
                $"generator reversal: the generated batch must have the data batch's shape {ShapeText.Of(data)}, found {ShapeText.Of(generated)}");
        if (settings.MmdThreshold is not null && (generated is null || n < 2))
            throw new ArgumentException("reversal setting MmdThreshold: expected a generated batch of at least 2 images to compare against, found none");
        if (warmStart is not null && !warmStart.shape.SequenceEqual([n, codeDim]))
            throw new ArgumentException(
                $"generator reversal: expected warm-start codes of shape [{n}, {codeDim}], found {ShapeText.Of(warmStart)}");
    }
}
