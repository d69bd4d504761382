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
        features = nn.Sequential(layers);
        classifier = nn.Linear(inFilters * h * w, 1);
        FeatureCount = inFilters * h * w;
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
