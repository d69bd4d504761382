using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Metrics;

/// <summary>
/// Fréchet distance between Gaussians fitted to real and generated features, in float64:
/// |mu_r - mu_g|^2 + tr(S_r) + tr(S_g) - 2 tr((S_r S_g)^(1/2)), with unbiased covariances. The
/// trace term is tr((A^(1/2) S_g A^(1/2))^(1/2)), A = S_r, whose argument is symmetric PSD, so
/// only symmetric eigen-decompositions are needed.
/// </summary>
public static class Fid
{
    /// <summary>FID between N_r x D real and N_g x D generated features.</summary>
    public static MetricResult Compute(Tensor realFeatures, Tensor fakeFeatures, string scorer)
    {
        if (realFeatures.dim() != 2 || fakeFeatures.dim() != 2 || realFeatures.shape[1] != fakeFeatures.shape[1] || realFeatures.shape[0] < 2 || fakeFeatures.shape[0] < 2)
            throw new ArgumentException($"FID: need two N x D feature sets with the same D and N >= 2, got [{string.Join(",", realFeatures.shape)}] and [{string.Join(",", fakeFeatures.shape)}]");
        using var scope = NewDisposeScope();
        var (muR, covR) = MeanCovariance(realFeatures);
        var (muG, covG) = MeanCovariance(fakeFeatures);
        var rootR = SymmetricSqrt(covR);
        var middle = rootR.matmul(covG).matmul(rootR);
        var traceRoot = EigenvaluesClamped(middle).sqrt().sum();
        var fid = (muR - muG).square().sum() + covR.trace() + covG.trace() - 2 * traceRoot;
        return new MetricResult("FID", fid.item<double>(), 0, realFeatures.shape[0], fakeFeatures.shape[0], scorer);
    }

    /// <summary>Mean and unbiased (N - 1) covariance of N x D samples, float64.</summary>
    public static (Tensor Mean, Tensor Covariance) MeanCovariance(Tensor features)
    {
        using var scope = NewDisposeScope();
        var x = features.to_type(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        var cov = centred.t().matmul(centred) / (x.shape[0] - 1);
        return (mean.MoveToOuterDisposeScope(), cov.MoveToOuterDisposeScope());
    }

    /// <summary>The PSD square root of a symmetric matrix (negative rounding-error eigenvalues set to 0).</summary>
    public static Tensor SymmetricSqrt(Tensor symmetric)
    {
        using var scope = NewDisposeScope();
        var sym = (symmetric + symmetric.t()) / 2;
        var (values, vectors) = linalg.eigh(sym);
        var root = vectors.matmul(diag(values.clamp_min(0).sqrt())).matmul(vectors.t());
        return root.MoveToOuterDisposeScope();
    }

    static Tensor EigenvaluesClamped(Tensor symmetric) => linalg.eigvalsh((symmetric + symmetric.t()) / 2).clamp_min(0);
}
