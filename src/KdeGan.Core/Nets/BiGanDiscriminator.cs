using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KdeGan.Core.Nets;

/// <summary>
/// The BiGAN joint discriminator D(x, z): an image path (the DCGAN discriminator's convolutions),
/// a code path (two-layer MLP with LeakyReLU), and a joint head (one hidden layer with LeakyReLU,
/// then one logit) on the concatenated features. <see cref="forward"/> returns logits; the
/// sigmoid is applied inside the loss (BCE with logits).
/// </summary>
public sealed class BiGanDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Sequential imagePath;
    private readonly Sequential codePath;
    private readonly Sequential head;

    public DcganLayout Layout { get; }

    /// <summary>Builds D for <paramref name="layout"/>: <paramref name="codeWidth"/> hidden units per code-path layer, <paramref name="jointWidth"/> in the joint head.</summary>
    public BiGanDiscriminator(DcganLayout layout, Generator initRng, int codeWidth, int jointWidth, double leak = 0.2)
        : base(nameof(BiGanDiscriminator))
    {
        if (codeWidth < 1 || jointWidth < 1)
            throw new ArgumentException($"BiGAN discriminator: expected positive code and joint widths, found {codeWidth} and {jointWidth}");
        Layout = layout;
        (imagePath, var featureCount) = DiscriminatorConvPath.Build(layout, leak);
        codePath = nn.Sequential(
            ("z0", nn.Linear(layout.LatentDim, codeWidth)), ("z0_lrelu", nn.LeakyReLU(leak)),
            ("z1", nn.Linear(codeWidth, codeWidth)), ("z1_lrelu", nn.LeakyReLU(leak)));
        head = nn.Sequential(
            ("joint", nn.Linear(featureCount + codeWidth, jointWidth)), ("joint_lrelu", nn.LeakyReLU(leak)),
            ("logit", nn.Linear(jointWidth, 1)));
        RegisterComponents();
        DcganInit.Apply(this, initRng);
    }

    /// <summary>Logits B for pairs of images B x C x H x W and codes B x latent.</summary>
    public override Tensor forward(Tensor images, Tensor codes)
    {
        if (images.shape[0] != codes.shape[0] || codes.dim() != 2 || codes.shape[1] != Layout.LatentDim)
            throw new ArgumentException(
                $"BiGAN discriminator: expected {images.shape[0]} codes of {Layout.LatentDim} dims, found shape [{string.Join(", ", codes.shape)}]");
        using var scope = NewDisposeScope();
        var joint = cat([imagePath.forward(images).flatten(1), codePath.forward(codes)], 1);
        return head.forward(joint).squeeze(1).MoveToOuterDisposeScope();
    }
}
