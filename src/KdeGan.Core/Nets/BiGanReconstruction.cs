using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Nets;

/// <summary>Reconstruction error of latent codes: ||G(z) - x|| per image (the L2 norm over all pixels, not squared).</summary>
public static class BiGanReconstruction
{
    /// <summary>Per-image ||G(codes) - images||, a length-n float32 tensor; no gradients are taken.</summary>
    public static Tensor Errors(Func<Tensor, Tensor> generator, Tensor codes, Tensor images)
    {
        if (codes.shape[0] != images.shape[0])
            throw new ArgumentException($"reconstruction: expected one code per image ({images.shape[0]}), found {codes.shape[0]} codes");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return (generator(codes) - images).flatten(1).square().sum(1).sqrt().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mean ||G(E(x)) - x|| over <paramref name="images"/> with G and E in evaluation mode (batch
    /// norm on running statistics, so the measurement changes no buffer); both modes are restored.
    /// </summary>
    public static double EncoderMean(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> encoder, Tensor images)
    {
        var (gWas, eWas) = (generator.training, encoder.training);
        generator.eval();
        encoder.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return Errors(generator.call, encoder.call(images), images).mean().item<float>();
        }
        finally
        {
            generator.train(gWas);
            encoder.train(eWas);
        }
    }
}
