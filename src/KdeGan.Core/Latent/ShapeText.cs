using static TorchSharp.torch;

namespace KdeGan.Core.Latent;

/// <summary>Shapes as error messages print them: "[n, d]".</summary>
internal static class ShapeText
{
    public static string Of(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
