using static TorchSharp.torch;

namespace KdeGan.Core.Analysis;

/// <summary>
/// Paths between two latent codes for manifold traversal (Figures 8 and 20): the n x d codes
/// whose generated images form one row, the first and last equal to the given codes.
/// </summary>
/// <remarks>
/// The paper interpolates linearly. Spherical interpolation (White 2016) keeps the norm that
/// Gaussian prior samples concentrate on, but the paper's codes come from reversal, whose
/// distribution is exactly what it argues is not an isotropic Gaussian; so linear is the
/// default and spherical an option for comparison.
/// </remarks>
public static class Traversal
{
    /// <summary>(1 - t) a + t b for t = 0, 1/(n-1), ..., 1; rows 0 and n-1 equal a and b exactly.</summary>
    public static Tensor Linear(Tensor from, Tensor to, int steps)
    {
        using var scope = NewDisposeScope();
        var (a, b) = Endpoints(from, to, steps);
        var t = Fractions(steps);
        var path = t.neg().add_(1).mul(a).add_(t.mul(b));
        return path.to_type(from.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// sin((1 - t) w) / sin w a + sin(t w) / sin w b with w the angle between a and b; falls back
    /// to <see cref="Linear"/> when a and b are (anti)parallel or zero. Endpoints are exact.
    /// </summary>
    public static Tensor Spherical(Tensor from, Tensor to, int steps)
    {
        using var scope = NewDisposeScope();
        var (a, b) = Endpoints(from, to, steps);
        var cosine = a.mul(b).sum().div(a.norm().mul(b.norm())).clamp(-1, 1).item<double>();
        var omega = Math.Acos(cosine);
        if (!(Math.Sin(omega) > 1e-6)) return Linear(from, to, steps).MoveToOuterDisposeScope();
        var t = Fractions(steps);
        var sinOmega = Math.Sin(omega);
        var wa = t.neg().add_(1).mul_(omega).sin_().div_(sinOmega);
        var wb = t.mul(omega).sin_().div_(sinOmega);
        // Math.Sin and torch's vectorised sin may differ in the last bit: pin the endpoints.
        wa[0].fill_(1); wb[0].fill_(0); wa[steps - 1].fill_(0); wb[steps - 1].fill_(1);
        var path = wa.mul(a).add_(wb.mul(b));
        return path.to_type(from.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>t_i = i / (n - 1) as an n x 1 float64 column; exactly 0 and 1 at the ends.</summary>
    private static Tensor Fractions(int steps) =>
        arange(steps, ScalarType.Float64).div_(steps - 1).unsqueeze(1);

    /// <summary>Both codes as 1 x d float64 rows, after checking shapes and the step count.</summary>
    private static (Tensor A, Tensor B) Endpoints(Tensor from, Tensor to, int steps)
    {
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, "traversal steps: expected at least 2 (the two endpoints)");
        var a = CodeRow.AsFloat64Row(from, "traversal start code");
        var b = CodeRow.AsFloat64Row(to, "traversal end code");
        if (a.shape[1] != b.shape[1])
            throw new ArgumentException($"traversal endpoints: expected codes of the same length, found {a.shape[1]} and {b.shape[1]}");
        return (a, b);
    }
}
