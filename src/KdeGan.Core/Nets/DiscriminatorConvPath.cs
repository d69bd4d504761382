using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KdeGan.Core.Nets;

/// <summary>
/// The convolutional image path of the DCGAN discriminator (4x4 stride-2 convolutions with the
/// layout's discriminator filters, LeakyReLU, batch norm as set but never on the input layer),
/// built once for the DCGAN discriminator, the BiGAN encoder and the BiGAN joint discriminator.
/// </summary>
public static class DiscriminatorConvPath
{
    /// <summary>The layers (images B x C x H x W -> B x F x h x w) and the flattened feature length F h w.</summary>
    public static (Sequential Layers, long FeatureCount) Build(DcganLayout layout, double leak)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var (h, w, inFilters) = (layout.Height, layout.Width, layout.Channels);
        for (var i = 0; i < layout.DiscriminatorFilters.Length; i++)
        {
            var f = layout.DiscriminatorFilters[i];
            var norm = layout.BatchNorm && i > 0;
            layers.Add(($"down{i}", nn.Conv2d(inFilters, f, 4, stride: 2, padding: 1, bias: !norm)));
            if (norm) layers.Add(($"down{i}_bn", nn.BatchNorm2d(f)));
            layers.Add(($"down{i}_lrelu", nn.LeakyReLU(leak)));
            (h, w, inFilters) = (DcganLayout.Halved(h), DcganLayout.Halved(w), f);
        }
        return (nn.Sequential(layers), (long)inFilters * h * w);
    }

    /// <summary>A width at multiplier 1 scaled like the DCGAN's filters (rounded, at least 1).</summary>
    public static int Scaled(int widthAtOne, double multiplier) => Math.Max(1, (int)Math.Round(widthAtOne * multiplier));
}
