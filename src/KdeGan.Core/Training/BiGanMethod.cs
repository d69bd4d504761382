using KdeGan.Core.Nets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KdeGan.Core.Training;

/// <summary>
/// BiGAN (Donahue, Krahenbuhl, Darrell, 2017): generator G (the DCGAN generator), encoder E
/// (<see cref="BiGanEncoder"/>) and a joint discriminator D(x, z) (<see cref="BiGanDiscriminator"/>).
/// D maximises log D(x, E(x)) + log(1 - D(G(z), z)); G and E are trained together by ONE RMSProp
/// optimiser over both parameter sets (as in the BiGAN reference code) with the non-saturating
/// form, labels swapped: BCE(D(G(z), z), 1) + BCE(D(x, E(x)), 0). The reported g_loss is that
/// sum. Extra column encoder_recon: mean ||G(E(x)) - x|| on a fixed batch of real images, the
/// first encoder.recon_count images of iteration 1's batch (drawn by the training stream), kept
/// in the checkpoint so a resumed run measures the same images.
/// </summary>
public sealed class BiGanMethod : GanMethod
{
    public const string ReconColumn = "encoder_recon";

    private readonly DcganGenerator g;
    private readonly BiGanEncoder e;
    private readonly BiGanDiscriminator d;
    private readonly RMSProp geOptimizer;
    private readonly RMSProp dOptimizer;
    private Tensor? reconBatch;

    public BiGanMethod(GanContext context) : base(context)
    {
        var (model, enc, t) = (context.Settings.Model, context.Settings.Encoder, context.Settings.Training);
        if (enc.ReconCount < 1) throw new ArgumentException($"setting encoder.recon_count: expected at least 1, found {enc.ReconCount}");
        g = new DcganGenerator(context.Layout, context.InitRng);
        e = new BiGanEncoder(context.Layout, context.InitRng, model.LeakyReluSlope);
        d = new BiGanDiscriminator(context.Layout, context.InitRng,
            DiscriminatorConvPath.Scaled(enc.CodeWidth, model.Width), DiscriminatorConvPath.Scaled(enc.JointWidth, model.Width), model.LeakyReluSlope, enc.DiscriminatorDropout);
        foreach (var m in new nn.Module[] { g, e, d }) m.to(context.Device);
        geOptimizer = optim.RMSProp(g.parameters().Concat(e.parameters()), t.LearningRate, t.RmspropAlpha, t.RmspropEps);
        dOptimizer = optim.RMSProp(d.parameters(), t.LearningRate, t.RmspropAlpha, t.RmspropEps);
    }

    public override string Name => "bigan";
    public override nn.Module<Tensor, Tensor> Generator => g;
    /// <summary>The encoder E(x) -> z.</summary>
    public nn.Module<Tensor, Tensor> Encoder => e;
    public override IReadOnlyList<string> ExtraColumns => [ReconColumn];
    public override IReadOnlyList<(string Name, nn.Module Module)> Modules => [("generator", g), ("encoder", e), ("discriminator", d)];
    public override IReadOnlyList<(string Name, OptimizerHelper Optimizer)> Optimizers => [("generator_encoder", geOptimizer), ("discriminator", dOptimizer)];

    public override void BeforeUpdates(TrainingStep step)
    {
        if (reconBatch is not null) return;
        var count = Math.Min(Context.Settings.Encoder.ReconCount, step.Real.shape[0]);
        reconBatch = step.Real.narrow(0, 0, count).clone().DetachFromDisposeScope();
    }

    public override UpdateLosses Update(TrainingStep step)
    {
        var t = Context.Settings.Training;
        (double Loss, double AccReal, double AccFake) dResult = default;
        for (var i = 0; i < t.DiscriminatorSteps; i++) dResult = DiscriminatorStep(step);
        var geLoss = 0.0;
        for (var i = 0; i < t.GeneratorSteps; i++) geLoss = GeneratorEncoderStep(step);
        step.Extras[ReconColumn] = BiGanReconstruction.EncoderMean(g, e, reconBatch!);
        return new UpdateLosses(dResult.Loss, geLoss, dResult.AccReal, dResult.AccFake);
    }

    /// <summary>One D update on (x, E(x)) labelled real and (G(z), z) labelled fake.</summary>
    private (double Loss, double AccReal, double AccFake) DiscriminatorStep(TrainingStep step)
    {
        using var scope = NewDisposeScope();
        var z = SampleLatent(step.Real.shape[0], step.Rng);
        Tensor fake, codes;
        using (no_grad())
        {
            fake = g.forward(z);
            codes = e.forward(step.Real);
        }
        var realLogits = d.Logits(step.Real, codes, step.Rng);
        var fakeLogits = d.Logits(fake, z, step.Rng);
        return DiscriminatorUpdate.Apply(realLogits, fakeLogits, dOptimizer);
    }

    /// <summary>One joint G and E update with the swapped labels (non-saturating for both).</summary>
    private double GeneratorEncoderStep(TrainingStep step)
    {
        using var scope = NewDisposeScope();
        var z = SampleLatent(step.Real.shape[0], step.Rng);
        var fakeLogits = d.Logits(g.forward(z), z, step.Rng);
        var realLogits = d.Logits(step.Real, e.forward(step.Real), step.Rng);
        var loss = binary_cross_entropy_with_logits(fakeLogits, ones_like(fakeLogits))
                   + binary_cross_entropy_with_logits(realLogits, zeros_like(realLogits));
        geOptimizer.zero_grad();
        loss.backward();
        geOptimizer.step();
        return loss.item<float>();
    }

    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(reconBatch is not null);
        if (reconBatch is null) return;
        var cpu = reconBatch.cpu().contiguous();
        writer.Write((int)cpu.dim());
        foreach (var s in cpu.shape) writer.Write(s);
        foreach (var v in cpu.data<float>()) writer.Write(v);
        if (!ReferenceEquals(cpu, reconBatch)) cpu.Dispose();
    }

    public override void LoadState(BinaryReader reader)
    {
        reconBatch?.Dispose();
        reconBatch = null;
        if (!reader.ReadBoolean()) return;
        var shape = new long[reader.ReadInt32()];
        for (var i = 0; i < shape.Length; i++) shape[i] = reader.ReadInt64();
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
        using var cpu = tensor(values, shape);
        reconBatch = cpu.to(Context.Device).clone().DetachFromDisposeScope();
    }

    public override void Dispose()
    {
        reconBatch?.Dispose();
        base.Dispose();
    }
}
