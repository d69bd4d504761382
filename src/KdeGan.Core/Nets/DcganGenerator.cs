using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KdeGan.Core.Nets;

/// <summary>
/// The paper's generator: z (B x latent) -> padded deconvolution to the start grid (512 filters
/// at width 1) -> 4x4 stride-2 deconvolutions (256, 128, 64; CelebA 512 first) with batch norm
/// (a setting) and ReLU -> 3x3 stride-1 deconvolution to the channels -> tanh. See
/// <see cref="DcganLayout"/> for the spatial plan.
/// </summary>
public sealed class DcganGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    public DcganLayout Layout { get; }

    public DcganGenerator(DcganLayout layout, Generator initRng) : base(nameof(DcganGenerator))
    {
        Layout = layout;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var (h0, w0) = layout.Grid[0];
        var inFilters = layout.StartFilters;
        layers.Add(("project", nn.ConvTranspose2d(layout.LatentDim, inFilters, (h0, w0), bias: !layout.BatchNorm)));
        AddNormAndRelu(layers, "project", inFilters, layout.BatchNorm);
        for (var i = 0; i < layout.GeneratorFilters.Length; i++)
        {
            var (hIn, wIn) = layout.Grid[i];
            var (hOut, wOut) = layout.Grid[i + 1];
            var (ph, oph) = DcganLayout.Doubling(hIn, hOut);
            var (pw, opw) = DcganLayout.Doubling(wIn, wOut);
            var f = layout.GeneratorFilters[i];
            layers.Add(($"up{i}", nn.ConvTranspose2d(inFilters, f, (4, 4), stride: (2, 2), padding: (ph, pw),
                output_padding: (oph, opw), bias: !layout.BatchNorm)));
            AddNormAndRelu(layers, $"up{i}", f, layout.BatchNorm);
            inFilters = f;
        }
        layers.Add(("out", nn.ConvTranspose2d(inFilters, layout.Channels, 3, stride: 1, padding: 1)));
        layers.Add(("tanh", nn.Tanh()));
        body = nn.Sequential(layers);
        RegisterComponents();
        DcganInit.Apply(this, initRng);
    }

    static void AddNormAndRelu(List<(string, nn.Module<Tensor, Tensor>)> layers, string name, int filters, bool batchNorm)
    {
        if (batchNorm) layers.Add(($"{name}_bn", nn.BatchNorm2d(filters)));
        layers.Add(($"{name}_relu", nn.ReLU()));
    }

    /// <summary>Images B x C x H x W in [-1, 1] from codes B x latent.</summary>
    public override Tensor forward(Tensor z)
    {
        using var scope = NewDisposeScope();
        return body.forward(z.reshape(z.shape[0], z.shape[1], 1, 1)).MoveToOuterDisposeScope();
    }
}
