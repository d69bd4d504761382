using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KdeGan.Core.Nets;

/// <summary>
/// The BiGAN encoder E(x) -> z (Donahue, Krahenbuhl, Darrell, 2017): the DCGAN discriminator's
/// convolutional path (same filters, width and batch-norm settings) followed by a linear layer
/// to the latent dimension. No output nonlinearity: the prior N(0, I) is unbounded.
/// </summary>
public sealed class BiGanEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear code;

    public DcganLayout Layout { get; }

    public BiGanEncoder(DcganLayout layout, Generator initRng, double leak = 0.2) : base(nameof(BiGanEncoder))
    {
        Layout = layout;
        (features, var featureCount) = DiscriminatorConvPath.Build(layout, leak);
        code = nn.Linear(featureCount, layout.LatentDim);
        RegisterComponents();
        DcganInit.Apply(this, initRng);
        // DCGAN's N(0, 0.02) would make E(x) start at about a tenth of the prior's scale, and D
        // separates such codes from N(0, I) by their norm alone; LeCun scale (1 / sqrt(fan in))
        // starts E(x) near unit variance.
        using (no_grad()) code.weight!.normal_(0, 1 / Math.Sqrt(featureCount), initRng);
    }

    /// <summary>Codes B x latent from images B x C x H x W.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return code.forward(features.forward(images).flatten(1)).MoveToOuterDisposeScope();
    }
}
