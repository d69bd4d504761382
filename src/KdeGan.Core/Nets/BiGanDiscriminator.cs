using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KdeGan.Core.Nets;

/// <summary>
/// The BiGAN joint discriminator D(x, z): an image path (the DCGAN discriminator's convolutions),
/// a code path (two-layer MLP with LeakyReLU), and a joint head (one hidden layer with LeakyReLU,
/// then one logit) on the concatenated features. Returns logits; the sigmoid is applied inside
/// the loss (BCE with logits).
/// While training, dropout (as in ALI and the BiGAN reference code) hits the code path's two
/// hidden layers, the joint input and the joint hidden layer. Without it D separates E(x) from
/// N(0, I) through the code path alone within a few dozen iterations, and G and E get no useful
/// signal. Its masks come from the caller's generator, so a seeded run stays reproducible.
/// </summary>
public sealed class BiGanDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Sequential imagePath;
    private readonly Linear code0, code1, joint, logit;
    private readonly LeakyReLU activation;
    private readonly double dropout;

    public DcganLayout Layout { get; }

    /// <summary>
    /// Builds D for <paramref name="layout"/>: <paramref name="codeWidth"/> hidden units per
    /// code-path layer, <paramref name="jointWidth"/> in the joint head, dropout rate
    /// <paramref name="dropout"/> in [0, 1) while training.
    /// </summary>
    public BiGanDiscriminator(DcganLayout layout, Generator initRng, int codeWidth, int jointWidth, double leak = 0.2, double dropout = 0.0)
        : base(nameof(BiGanDiscriminator))
    {
        if (codeWidth < 1 || jointWidth < 1)
            throw new ArgumentException($"BiGAN discriminator: expected positive code and joint widths, found {codeWidth} and {jointWidth}");
        if (dropout is < 0 or >= 1)
            throw new ArgumentException($"BiGAN discriminator: expected a dropout rate in [0, 1), found {dropout}");
        Layout = layout;
        this.dropout = dropout;
        (imagePath, var featureCount) = DiscriminatorConvPath.Build(layout, leak);
        code0 = nn.Linear(layout.LatentDim, codeWidth);
        code1 = nn.Linear(codeWidth, codeWidth);
        joint = nn.Linear(featureCount + codeWidth, jointWidth);
        logit = nn.Linear(jointWidth, 1);
        activation = nn.LeakyReLU(leak);
        RegisterComponents();
        DcganInit.Apply(this, initRng);
    }

    /// <summary>Logits B for pairs of images B x C x H x W and codes B x latent, without dropout.</summary>
    public override Tensor forward(Tensor images, Tensor codes) => Logits(images, codes, null);

    /// <summary>
    /// Logits B with dropout masks drawn from <paramref name="dropoutRng"/> (the training pass);
    /// null means no dropout.
    /// </summary>
    public Tensor Logits(Tensor images, Tensor codes, Generator? dropoutRng)
    {
        if (images.shape[0] != codes.shape[0] || codes.dim() != 2 || codes.shape[1] != Layout.LatentDim)
            throw new ArgumentException(
                $"BiGAN discriminator: expected {images.shape[0]} codes of {Layout.LatentDim} dims, found shape [{string.Join(", ", codes.shape)}]");
        using var scope = NewDisposeScope();
        var z = Drop(activation.forward(code0.forward(codes)), dropoutRng);
        z = Drop(activation.forward(code1.forward(z)), dropoutRng);
        var pair = Drop(cat([imagePath.forward(images).flatten(1), z], 1), dropoutRng);
        var hidden = Drop(activation.forward(joint.forward(pair)), dropoutRng);
        return logit.forward(hidden).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>Inverted dropout: zero each unit with probability p, scale the rest by 1 / (1 - p).</summary>
    private Tensor Drop(Tensor x, Generator? rng) =>
        rng is null || dropout == 0 ? x : x * (rand(x.shape, generator: rng, device: x.device) >= dropout).to(x.dtype) / (1 - dropout);
}
