using static TorchSharp.torch;

namespace KdeGan.Core.Analysis;

/// <summary>Reads a single latent code given as shape [d] or [1, d].</summary>
internal static class CodeRow
{
    /// <summary>The code as a 1 x d float64 row; an error naming <paramref name="what"/> otherwise.</summary>
    public static Tensor AsFloat64Row(Tensor code, string what)
    {
        var isRow = code.dim() == 1 || (code.dim() == 2 && code.shape[0] == 1);
        if (!isRow || code.numel() == 0 || !code.is_floating_point())
            throw new ArgumentException(
                $"{what}: expected one floating-point code of shape [d] or [1, d], found {code.dtype} of shape [{string.Join(", ", code.shape)}]");
        return code.detach().reshape(1, -1).to_type(ScalarType.Float64);
    }
}
