using static TorchSharp.torch;

namespace KdeGan.Core.Numerics;

/// <summary>
/// Exact pairwise squared Euclidean distances between the rows of two matrices: the one
/// implementation behind MMD, the KDE, t-SNE, kNN accuracy and the nearest-neighbour metric.
/// </summary>
public static class SquaredDistances
{
    /// <summary>
    /// |a_i|^2 + |b_j|^2 - 2 a_i.b_j as one matrix product (A x B result), clamped at 0 because
    /// rounding can make the difference of nearly equal rows slightly negative.
    /// </summary>
    public static Tensor Between(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var aa = a.square().sum(1, keepdim: true);
        var bb = b.square().sum(1).unsqueeze(0);
        var d = aa.add(bb);
        d.addmm_(a, b.t(), beta: 1, alpha: -2);
        return d.clamp_min_(0).MoveToOuterDisposeScope();
    }

    /// <summary>The N x N matrix of a set of rows with itself; the diagonal is exactly 0.</summary>
    public static Tensor Within(Tensor x)
    {
        using var scope = NewDisposeScope();
        var d = Between(x, x);
        d.diagonal(0, 0, 1).zero_();
        return d.MoveToOuterDisposeScope();
    }
}
