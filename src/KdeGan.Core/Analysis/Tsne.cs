using static TorchSharp.torch;

namespace KdeGan.Core.Analysis;

/// <summary>One progress report of <see cref="Tsne.Embed"/>.</summary>
/// <param name="Iteration">Iterations done so far (1-based).</param>
/// <param name="KlDivergence">KL(P || Q) of the current embedding, with the unexaggerated P.</param>
public sealed record TsneProgress(int Iteration, double KlDivergence);

/// <summary>
/// Exact t-SNE (van der Maaten and Hinton 2008) with the optimiser of the reference
/// implementation: early exaggeration, momentum, and delta-bar-delta gains.
/// </summary>
/// <remarks>
/// Exact means O(N^2) time per iteration and memory: the calibration holds about four N x N
/// matrices at once and the optimisation three (P, the Student-t kernel, the gradient weights),
/// which is 50 MB at N = 2,000 in float32 and 1.2 GB at N = 10,000. Use it for up to a few
/// thousand points (Figure 3 uses 2,000); beyond that a Barnes-Hut variant is needed.
/// Every iteration reuses the same N x N buffers in place, so memory stays flat.
/// </remarks>
public static class Tsne
{
    /// <summary>Initial embedding scale of the reference implementation.</summary>
    private const double InitialScale = 1e-4;

    /// <summary>
    /// Embeds the rows of <paramref name="codes"/> (N x d) in two dimensions; returns N x 2 in
    /// the options' precision. The same codes, options and seed give the same result on the same
    /// machine and thread count.
    /// </summary>
    public static Tensor Embed(Tensor codes, TsneOptions? options = null, IProgress<TsneProgress>? progress = null)
    {
        options ??= new TsneOptions();
        if (codes.dim() != 2)
            throw new ArgumentException($"t-SNE input: expected N x d codes, found shape [{string.Join(", ", codes.shape)}]");
        var n = codes.shape[0];
        options.Validate(n);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = codes.detach().to_type(options.Precision);
        if (!x.isfinite().all().item<bool>())
            throw new ArgumentException("t-SNE input: expected finite codes, found NaN or infinity");
        var p = PerplexityCalibration.JointProbabilities(x, options.Perplexity);
        var entropyP = p.xlogy(p).sum().to_type(ScalarType.Float64).item<double>();

        using var generator = new Generator((ulong)options.Seed);
        var y = randn(n, 2, options.Precision, generator: generator).mul_(InitialScale);
        var update = zeros_like(y);
        var gains = ones_like(y);
        var kernel = empty(n, n, options.Precision);
        var weights = empty(n, n, options.Precision);
        var stepSize = options.StepSize(n);

        for (var it = 0; it < options.Iterations; it++)
        {
            using var step = NewDisposeScope();
            var exaggeration = it < options.ExaggerationIterations ? options.EarlyExaggeration : 1.0;
            var momentum = it < options.MomentumSwitchIteration ? options.InitialMomentum : options.FinalMomentum;
            var kernelSum = StudentKernel(y, kernel);
            // Gradient (reference form): dC/dy_i = sum_j (e p_ij - q_ij) k_ij (y_i - y_j).
            weights.copy_(kernel).div_(kernelSum).neg_().add_(p, exaggeration).mul_(kernel);
            var gradient = weights.sum(1, keepdim: true).mul(y).sub_(weights.mm(y));
            // Delta-bar-delta: grow a gain where the gradient turns against the last update.
            var flipped = gradient.sign().ne(update.sign());
            gains.copy_(where(flipped, gains.add(0.2), gains.mul(0.8))).clamp_min_(options.MinGain);
            update.mul_(momentum).sub_(gradient.mul_(gains).mul_(stepSize));
            y.add_(update);
            y.sub_(y.mean([0], keepdim: true));

            var done = it + 1;
            if (progress != null && (done % options.ReportEvery == 0 || done == options.Iterations))
                progress.Report(new TsneProgress(done, KlDivergence(p, entropyP, y, kernel)));
        }
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Fills <paramref name="kernel"/> with (1 + |y_i - y_j|^2)^-1, diagonal 0, in place;
    /// returns its sum (a 0-d tensor), the normaliser of Q.
    /// </summary>
    private static Tensor StudentKernel(Tensor y, Tensor kernel)
    {
        var norms = y.square().sum(1, keepdim: true);
        kernel.copy_(norms).add_(norms.t());
        kernel.addmm_(y, y.t(), beta: 1, alpha: -2).clamp_min_(0).add_(1).reciprocal_();
        kernel.diagonal(0, 0, 1).zero_();
        return kernel.sum();
    }

    /// <summary>KL(P || Q) = sum p log p - sum p log q, with q recomputed for the current y.</summary>
    private static double KlDivergence(Tensor p, double entropyP, Tensor y, Tensor kernel)
    {
        using var scope = NewDisposeScope();
        var kernelSum = StudentKernel(y, kernel);
        var crossEntropy = p.xlogy(kernel.div(kernelSum)).sum().to_type(ScalarType.Float64).item<double>();
        return entropyP - crossEntropy;
    }
}
