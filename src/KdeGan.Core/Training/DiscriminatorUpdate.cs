using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace KdeGan.Core.Training;

/// <summary>
/// The discriminator's step shared by every method: BCE on logits (real -> 1, fake -> 0), one
/// optimiser step, and the loss with D's accuracy on real and on fake (logit sign).
/// </summary>
public static class DiscriminatorUpdate
{
    public static (double Loss, double AccReal, double AccFake) Apply(Tensor realLogits, Tensor fakeLogits, optim.Optimizer optimizer)
    {
        var loss = binary_cross_entropy_with_logits(realLogits, ones_like(realLogits))
                   + binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        var accReal = realLogits.detach().gt(0).to_type(ScalarType.Float32).mean().item<float>();
        var accFake = fakeLogits.detach().lt(0).to_type(ScalarType.Float32).mean().item<float>();
        return (loss.item<float>(), accReal, accFake);
    }
}
