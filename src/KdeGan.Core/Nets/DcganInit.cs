using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Nets;

/// <summary>
/// DCGAN initialisation (Radford et al.): convolution and linear weights N(0, 0.02), batch-norm
/// scales N(1, 0.02), biases 0, drawn from an explicit generator so that a seed fixes the nets.
/// </summary>
public static class DcganInit
{
    public const double Std = 0.02;

    public static void Apply(nn.Module module, Generator rng)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal)) p.zero_();
            else if (p.dim() == 1) p.normal_(1.0, Std, rng);
            else p.normal_(0.0, Std, rng);
        }
    }
}
