using static TorchSharp.torch;

namespace KdeGan.Core.Analysis;

/// <summary>One progress report of <see cref="Tsne.Embed"/>.</summary>
/// <param name="Iteration">Iterations done so far (1-based).</param>
/// <param name="KlDivergence">KL(P || Q) of the embedding before this iteration's update, with the unexaggerated P.</param>
public sealed record TsneProgress(int Iteration, double KlDivergence);

/// <summary>
/// Exact t-SNE (van der Maaten and Hinton 2008) with the optimiser of the reference
/// implementation: early exaggeration, momentum, and delta-bar-delta gains.
/// </summary>
/// <remarks>
/// Exact means O(N^2) time per iteration and O(N^2) memory: the joint P is held in full
/// (two N x N matrices at the peak of the calibration, one during the optimisation; 32 MB at
/// N = 2,000 in float32, 800 MB at N = 10,000). The Student-t kernel and the gradient are
/// computed block by block of rows (see <see cref="TsneGradient"/>), so nothing else grows
/// with N^2. Use it for up to several thousand points (Figure 3 uses 2,000); beyond that a
/// Barnes-Hut variant is needed.
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
        using var gradient = new TsneGradient(PerplexityCalibration.JointProbabilities(x, options.Perplexity));

        using var generator = new Generator((ulong)options.Seed);
        var y = randn(n, 2, options.Precision, generator: generator).mul_(InitialScale);
        var update = zeros_like(y);
        var gains = ones_like(y);
        var stepSize = options.StepSize(n);

        for (var it = 0; it < options.Iterations; it++)
        {
            using var step = NewDisposeScope();
            var exaggeration = it < options.ExaggerationIterations ? options.EarlyExaggeration : 1.0;
            var momentum = it < options.MomentumSwitchIteration ? options.InitialMomentum : options.FinalMomentum;
            var done = it + 1;
            var report = progress != null && (done % options.ReportEvery == 0 || done == options.Iterations);
            var (grad, kl) = gradient.Compute(y, exaggeration, report);
            // Delta-bar-delta: grow a gain where the gradient turns against the last update.
            var flipped = grad.sign().ne(update.sign());
            gains.copy_(where(flipped, gains.add(0.2), gains.mul(0.8))).clamp_min_(options.MinGain);
            update.mul_(momentum).sub_(grad.mul_(gains).mul_(stepSize));
            y.add_(update);
            y.sub_(y.mean([0], keepdim: true));
            if (report) progress!.Report(new TsneProgress(done, kl!.Value));
        }
        return y.MoveToOuterDisposeScope();
    }
}
