using KdeGan.Core.Nets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KdeGan.Core.Training;

/// <summary>
/// Vanilla DCGAN, the paper's baseline: prior N(0, I), D trained with binary cross-entropy on a
/// real and a generated batch, G with the non-saturating loss -log D(G(z)), RMSProp for both.
/// KDE-GAN derives from it and replaces the prior and the work before the updates.
/// </summary>
public class DcganMethod : GanMethod
{
    protected DcganGenerator G { get; }
    protected DcganDiscriminator D { get; }
    protected RMSProp GOptimizer { get; }
    protected RMSProp DOptimizer { get; }

    public DcganMethod(GanContext context) : base(context)
    {
        var model = context.Settings.Model;
        G = new DcganGenerator(context.Layout, context.InitRng);
        D = new DcganDiscriminator(context.Layout, context.InitRng, model.LeakyReluSlope);
        G.to(context.Device);
        D.to(context.Device);
        var t = context.Settings.Training;
        GOptimizer = optim.RMSProp(G.parameters(), t.LearningRate, t.RmspropAlpha, t.RmspropEps);
        DOptimizer = optim.RMSProp(D.parameters(), t.LearningRate, t.RmspropAlpha, t.RmspropEps);
    }

    public override string Name => "dcgan";
    public override nn.Module<Tensor, Tensor> Generator => G;
    public override IReadOnlyList<(string Name, nn.Module Module)> Modules => [("generator", G), ("discriminator", D)];
    public override IReadOnlyList<(string Name, OptimizerHelper Optimizer)> Optimizers => [("generator", GOptimizer), ("discriminator", DOptimizer)];

    public override UpdateLosses Update(TrainingStep step)
    {
        var t = Context.Settings.Training;
        (double Loss, double AccReal, double AccFake) d = default;
        for (var i = 0; i < t.DiscriminatorSteps; i++) d = DiscriminatorStep(step);
        var g = 0.0;
        for (var i = 0; i < t.GeneratorSteps; i++) g = GeneratorStep(step);
        return new UpdateLosses(d.Loss, g, d.AccReal, d.AccFake);
    }

    /// <summary>One D update: BCE(D(x), 1) + BCE(D(G(z)), 0); accuracies are the shares classified correctly at 0.5.</summary>
    protected virtual (double Loss, double AccReal, double AccFake) DiscriminatorStep(TrainingStep step)
    {
        using var scope = NewDisposeScope();
        Tensor fake;
        using (no_grad()) fake = G.forward(SampleLatent(step.Real.shape[0], step.Rng));
        var realLogits = D.forward(step.Real);
        var fakeLogits = D.forward(fake);
        return DiscriminatorUpdate.Apply(realLogits, fakeLogits, DOptimizer);
    }

    /// <summary>One G update with the non-saturating loss BCE(D(G(z)), 1) = -log D(G(z)).</summary>
    protected virtual double GeneratorStep(TrainingStep step)
    {
        using var scope = NewDisposeScope();
        var logits = D.forward(G.forward(SampleLatent(step.Real.shape[0], step.Rng)));
        var loss = binary_cross_entropy_with_logits(logits, ones_like(logits));
        GOptimizer.zero_grad();
        loss.backward();
        GOptimizer.step();
        return loss.item<float>();
    }
}
