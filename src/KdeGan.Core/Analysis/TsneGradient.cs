using static TorchSharp.torch;

namespace KdeGan.Core.Analysis;

/// <summary>
/// The exact t-SNE gradient in the reference form dC/dy_i = sum_j (e p_ij - q_ij) k_ij (y_i - y_j),
/// k_ij = (1 + |y_i - y_j|^2)^-1, q_ij = k_ij / S, S = sum k. It is split as
/// e G(P . K) - G(K . K) / S with G(M)_i = sum_j m_ij (y_i - y_j), so each block of rows
/// needs only its own kernel values and S can be summed on the way: one pass over P per
/// iteration, the rest in a reused cache-sized block buffer.
/// </summary>
internal sealed class TsneGradient : IDisposable
{
    private readonly Tensor p;
    private readonly Tensor kernel;
    private readonly Tensor weighted;
    private readonly double entropyP;
    private readonly long blockRows;

    /// <summary>Takes ownership of the joint probabilities <paramref name="jointP"/> (N x N, sum 1).</summary>
    public TsneGradient(Tensor jointP)
    {
        p = jointP.DetachFromDisposeScope();
        var n = p.shape[0];
        blockRows = RowBlocks.Rows(n);
        kernel = empty(blockRows, n, p.dtype).DetachFromDisposeScope();
        weighted = empty(blockRows, n, p.dtype).DetachFromDisposeScope();
        using var scope = NewDisposeScope();
        entropyP = p.xlogy(p).sum().to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>
    /// The N x 2 gradient at <paramref name="y"/> with P scaled by <paramref name="exaggeration"/>;
    /// with <paramref name="withKl"/> also KL(P || Q) at <paramref name="y"/>.
    /// </summary>
    public (Tensor Gradient, double? Kl) Compute(Tensor y, double exaggeration, bool withKl)
    {
        var n = y.shape[0];
        using var scope = NewDisposeScope();
        var column = ones(n, 1, y.dtype);
        var norms = y.square().sum(1, keepdim: true);
        // 1 + |y_i|^2 + |y_j|^2 - 2 y_i.y_j as one product of N x 4 factors.
        var left = cat([y, norms.add(1), column], 1);
        var right = cat([y.mul(-2), column, norms], 1).t();
        // Matrix-vector products: far faster than a product with a thin N x 3 matrix on CPU.
        var y0 = y.select(1, 0).contiguous();
        var y1 = y.select(1, 1).contiguous();
        var attractive = empty(n, 3, y.dtype);
        var repulsive = empty(n, 3, y.dtype);
        var kernelSum = zeros(1, y.dtype);
        var crossEntropy = zeros(1, y.dtype);
        for (long start = 0; start < n; start += blockRows)
        {
            using var block = NewDisposeScope();
            var rows = Math.Min(blockRows, n - start);
            var k = kernel.narrow(0, 0, rows);
            var pRows = p.narrow(0, start, rows);
            k.addmm_(left.narrow(0, start, rows), right, beta: 0, alpha: 1).reciprocal_();
            k.diagonal(start, 0, 1).zero_();
            kernelSum.add_(k.sum());
            if (withKl) crossEntropy.add_(pRows.xlogy(k).sum());
            var w = weighted.narrow(0, 0, rows).copy_(pRows).mul_(k);
            Accumulate(attractive.narrow(0, start, rows), w, y0, y1);
            Accumulate(repulsive.narrow(0, start, rows), k.mul_(k), y0, y1);
        }
        var gradient = Forces(attractive, y).mul_(exaggeration).sub_(Forces(repulsive, y).div_(kernelSum));
        // KL = sum p log p - sum p log(k / S) = sum p log p - sum p log k + log S, as sum p = 1.
        double? kl = withKl
            ? entropyP - crossEntropy.to_type(ScalarType.Float64).item<double>() + Math.Log(kernelSum.to_type(ScalarType.Float64).item<double>())
            : null;
        return (gradient.MoveToOuterDisposeScope(), kl);
    }

    /// <summary>Writes the rows of M [y, 1] (M y and the row sums of M) into <paramref name="target"/>.</summary>
    private static void Accumulate(Tensor target, Tensor m, Tensor y0, Tensor y1)
    {
        target.select(1, 0).copy_(m.mv(y0));
        target.select(1, 1).copy_(m.mv(y1));
        target.select(1, 2).copy_(m.sum(1));
    }

    /// <summary>G(M)_i = (sum_j m_ij) y_i - sum_j m_ij y_j from the N x 3 product M [y, 1].</summary>
    private static Tensor Forces(Tensor product, Tensor y) =>
        product.narrow(1, 2, 1).mul(y).sub_(product.narrow(1, 0, 2));

    public void Dispose()
    {
        p.Dispose();
        kernel.Dispose();
        weighted.Dispose();
    }
}
