using static TorchSharp.torch;
using KdeGan.Core.Numerics;

namespace KdeGan.Core.Analysis;

/// <summary>Result of <see cref="PerplexityCalibration.Fit"/>; owns its tensors.</summary>
/// <param name="Conditional">N x N matrix of p(j|i): row i sums to 1, diagonal 0.</param>
/// <param name="Precision">N precisions beta_i = 1 / (2 sigma_i^2) of the Gaussian around each point.</param>
/// <param name="Steps">Most bisection steps any point needed to meet the tolerance (or the step limit).</param>
public sealed record PerplexityFit(Tensor Conditional, Tensor Precision, int Steps) : IDisposable
{
    public void Dispose()
    {
        Conditional.Dispose();
        Precision.Dispose();
    }
}

/// <summary>
/// The input side of t-SNE (van der Maaten and Hinton 2008, Sec. 2): per point, the Gaussian
/// precision whose conditional distribution over the other points has the target perplexity,
/// found by bisection, vectorised over a block of rows at a time (blocks small enough to stay
/// in cache); then the symmetrised joint P.
/// </summary>
public static class PerplexityCalibration
{
    /// <summary>
    /// Bisection on beta_i so that H(P_i) = log(perplexity) (natural log) within
    /// <paramref name="tolerance"/> for every row of <paramref name="squaredDistances"/> (N x N,
    /// diagonal ignored). As in the reference implementation: beta doubles (or halves) while
    /// its bracket is open on that side, then takes bracket midpoints; points already within
    /// tolerance stop moving.
    /// </summary>
    public static PerplexityFit Fit(Tensor squaredDistances, double perplexity, double tolerance = 1e-5, int maxSteps = 200)
    {
        var n = squaredDistances.shape[0];
        if (squaredDistances.dim() != 2 || squaredDistances.shape[1] != n)
            throw new ArgumentException($"squared distances: expected an N x N matrix, found shape [{string.Join(", ", squaredDistances.shape)}]");
        return FitRows(n, perplexity, tolerance, maxSteps, squaredDistances.dtype, (start, rows) => squaredDistances.narrow(0, start, rows));
    }

    /// <summary>
    /// The t-SNE input affinities: calibrated p(j|i) from the rows of <paramref name="codes"/>
    /// (N x d), symmetrised as p_ij = (p(j|i) + p(i|j)) / 2N; the N x N result sums to 1.
    /// Distances are computed block by block, so the peak memory is two N x N matrices.
    /// </summary>
    public static Tensor JointProbabilities(Tensor codes, double perplexity, double tolerance = 1e-5, int maxSteps = 200)
    {
        using var scope = NewDisposeScope();
        var n = codes.shape[0];
        Tensor joint;
        using (var fit = FitRows(n, perplexity, tolerance, maxSteps, codes.dtype,
                   (start, rows) => SquaredDistances.Between(codes.narrow(0, start, rows), codes)))
            joint = fit.Conditional.add(fit.Conditional.t());
        return joint.div_(joint.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>A perplexity must be at least 1 and below N - 1 (the uniform distribution's).</summary>
    public static void Validate(double perplexity, long points)
    {
        if (!(perplexity >= 1 && perplexity < points - 1))
            throw new ArgumentOutOfRangeException(nameof(perplexity), perplexity,
                $"t-SNE perplexity: expected a value in [1, N - 1) = [1, {points - 1}) for N = {points} points, found {perplexity}");
    }

    /// <summary>Calibrates N rows block by block; <paramref name="distanceRows"/>(start, rows) gives that block's squared distances.</summary>
    private static PerplexityFit FitRows(long n, double perplexity, double tolerance, int maxSteps, ScalarType dtype, Func<long, long, Tensor> distanceRows)
    {
        Validate(perplexity, n);
        if (maxSteps < 1) throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, "expected at least 1 bisection step");
        using var scope = NewDisposeScope();
        var conditional = empty(n, n, dtype);
        var precision = empty(n, dtype);
        var steps = 0;
        var blockRows = RowBlocks.Rows(n);
        for (long start = 0; start < n; start += blockRows)
        {
            using var block = NewDisposeScope();
            var rows = Math.Min(blockRows, n - start);
            var (p, beta, blockSteps) = Bisect(distanceRows(start, rows), start, Math.Log(perplexity), tolerance, maxSteps);
            conditional.narrow(0, start, rows).copy_(p);
            precision.narrow(0, start, rows).copy_(beta.squeeze(1));
            steps = Math.Max(steps, blockSteps);
        }
        return new PerplexityFit(conditional.MoveToOuterDisposeScope(), precision.MoveToOuterDisposeScope(), steps);
    }

    /// <summary>Bisection for one block of rows; the point of row i is column <paramref name="start"/> + i.</summary>
    private static (Tensor P, Tensor Beta, int Steps) Bisect(Tensor distances, long start, double target, double tolerance, int maxSteps)
    {
        var n = distances.shape[1];
        // Shifting each row by its smallest off-diagonal distance leaves p(j|i) and H unchanged
        // but keeps the largest kernel value at 1, so no row underflows to all zeros.
        var shifted = distances.clone();
        shifted.diagonal(start, 0, 1).fill_(double.PositiveInfinity);
        shifted.sub_(shifted.min(1, keepdim: true).values);
        shifted.diagonal(start, 0, 1).zero_();
        // Start every point at the precision of its mean distance, so the bracket is scale-free.
        var beta = shifted.sum(1, keepdim: true).div_(n - 1).clamp_min_(1e-12).reciprocal_();
        var lower = zeros_like(beta);
        var upper = full_like(beta, double.PositiveInfinity);
        var steps = 0;
        for (; steps < maxSteps; steps++)
        {
            using var step = NewDisposeScope();
            var gap = Entropy(shifted, start, beta).sub_(target);
            var open = gap.abs().gt(tolerance);
            if (!open.any().item<bool>()) break;
            // Entropy too high means the Gaussian is too wide: raise beta.
            var raise = gap.gt(0).logical_and(open);
            var lowerNew = where(raise, beta, lower);
            var upperNew = where(open.logical_and(raise.logical_not()), beta, upper);
            var up = where(upperNew.isinf(), beta.mul(2), beta.add(upperNew).div_(2));
            var down = where(lowerNew.eq(0), beta.div(2), beta.add(lowerNew).div_(2));
            beta.copy_(where(open, where(raise, up, down), beta));
            lower.copy_(lowerNew);
            upper.copy_(upperNew);
        }
        var p = Kernel(shifted, start, beta);
        return (p.div_(p.sum(1, keepdim: true)), beta, steps);
    }

    private static Tensor Kernel(Tensor shifted, long start, Tensor beta)
    {
        var kernel = shifted.mul(beta.neg()).exp_();
        kernel.diagonal(start, 0, 1).zero_();
        return kernel;
    }

    /// <summary>H(P_i) = log Z_i + beta_i E[d_ij] for every row, in nats.</summary>
    private static Tensor Entropy(Tensor shifted, long start, Tensor beta)
    {
        var kernel = Kernel(shifted, start, beta);
        var z = kernel.sum(1, keepdim: true);
        var meanDistance = kernel.mul_(shifted).sum(1, keepdim: true).div_(z);
        return z.log_().add_(meanDistance.mul_(beta));
    }
}
