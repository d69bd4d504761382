using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KdeGan.Core.Nets;

/// <summary>
/// The paper's discriminator: 4x4 stride-2 convolutions (256, 128, 64 filters as the appendix
/// writes them; CelebA adds 512) with LeakyReLU 0.2 and batch norm (a setting, never on the
/// input layer), then a fully connected layer. <see cref="forward"/> returns the logit; the
/// sigmoid of the appendix is applied inside the loss (BCE with logits) for numerical safety.
/// </summary>
public sealed class DcganDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear classifier;

    public DcganLayout Layout { get; }

    public DcganDiscriminator(DcganLayout layout, Generator initRng, double leak = 0.2) : base(nameof(DcganDiscriminator))
    {
        Layout = layout;
        (features, FeatureCount) = DiscriminatorConvPath.Build(layout, leak);
        classifier = nn.Linear(FeatureCount, 1);
        RegisterComponents();
        DcganInit.Apply(this, initRng);
    }

    /// <summary>Length of the flattened feature vector the fully connected layer reads.</summary>
    public long FeatureCount { get; }

    /// <summary>Logits B (the probability of "real" is their sigmoid).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return classifier.forward(features.forward(images).flatten(1)).squeeze(1).MoveToOuterDisposeScope();
    }
}
