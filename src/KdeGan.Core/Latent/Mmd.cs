using TorchSharp;
using static TorchSharp.torch;
using KdeGan.Core.Numerics;

namespace KdeGan.Core.Latent;

/// <summary>An MMD^2 estimate with its permutation-test p-value.</summary>
/// <param name="Mmd2">Unbiased MMD^2 of the two samples as given (Eq. 3).</param>
/// <param name="PValue">(1 + #{permuted MMD^2 >= observed}) / (1 + permutations).</param>
/// <param name="Permutations">How many random relabellings were drawn.</param>
public readonly record struct MmdTestResult(double Mmd2, double PValue, int Permutations);

/// <summary>
/// Unbiased squared Maximum Mean Discrepancy (Eq. 3 of the paper) with a Gaussian RBF kernel:
/// MMD^2_u = 1/(m(m-1)) sum_{i != j} [k(x_i,x_j) + k(y_i,y_j) - k(x_i,y_j) - k(x_j,y_i)].
/// The kernel matrices come from one matrix product over the joint sample, computed in float64
/// after centring on the joint mean (the statistic is translation invariant, and centring keeps
/// |a|^2 + |b|^2 - 2 a.b from cancelling); for m = 100 codes this costs far less than one
/// generator step.
/// </summary>
public static class Mmd
{
    /// <summary>Unbiased MMD^2 of Eq. 3 between two samples of m codes each (m x d, m >= 2).</summary>
    public static double UnbiasedSquared(Tensor x, Tensor y, RbfKernel kernel)
    {
        using var scope = NewDisposeScope();
        var k = JointKernel(x, y, kernel);
        return Statistic(k, x.shape[0]);
    }

    /// <summary>
    /// MMD^2 of Eq. 3 and its permutation-test p-value: the joint sample is relabelled
    /// <paramref name="permutations"/> times with <paramref name="generator"/>, reusing the one
    /// joint kernel matrix.
    /// </summary>
    public static MmdTestResult PermutationTest(Tensor x, Tensor y, RbfKernel kernel, int permutations, Generator generator)
    {
        if (permutations < 1)
            throw new ArgumentOutOfRangeException(nameof(permutations), permutations,
                $"MMD permutation test: expected at least 1 permutation, found {permutations}");
        using var scope = NewDisposeScope();
        var k = JointKernel(x, y, kernel);
        var m = x.shape[0];
        var observed = Statistic(k, m);
        var atLeast = 0;
        for (var p = 0; p < permutations; p++)
        {
            using var step = NewDisposeScope();
            var perm = randperm(2 * m, generator: generator);
            var permuted = k.index_select(0, perm).index_select(1, perm);
            if (Statistic(permuted, m) >= observed) atLeast++;
        }
        return new MmdTestResult(observed, (1.0 + atLeast) / (1.0 + permutations), permutations);
    }

    /// <summary>The 2m x 2m float64 kernel matrix of the joint sample [x; y].</summary>
    private static Tensor JointKernel(Tensor x, Tensor y, RbfKernel kernel)
    {
        if (x.dim() != 2 || y.dim() != 2 || x.shape[0] != y.shape[0] || x.shape[1] != y.shape[1])
            throw new ArgumentException(
                $"MMD: expected two m x d samples of equal shape, found {ShapeText.Of(x)} and {ShapeText.Of(y)}");
        if (x.shape[0] < 2)
            throw new ArgumentException($"MMD: the unbiased estimator needs m >= 2 codes per sample, found m = {x.shape[0]}");
        var gamma = kernel.Gamma;
        var joint = cat([x.detach(), y.detach()], 0).to_type(ScalarType.Float64);
        joint = joint - joint.mean([0], keepdim: true);
        return SquaredDistances.Between(joint, joint).mul_(-gamma).exp_();
    }

    /// <summary>Eq. 3 from the joint kernel matrix whose first m rows are x and last m are y.</summary>
    private static double Statistic(Tensor k, long m)
    {
        using var scope = NewDisposeScope();
        var kxx = k.narrow(0, 0, m).narrow(1, 0, m);
        var kyy = k.narrow(0, m, m).narrow(1, m, m);
        var kxy = k.narrow(0, 0, m).narrow(1, m, m);
        var offDiagonal = kxx.sum() - kxx.trace() + kyy.sum() - kyy.trace() - 2 * (kxy.sum() - kxy.trace());
        return offDiagonal.item<double>() / (m * (m - 1.0));
    }
}
