using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Latent;

/// <summary>
/// For the lifetime of this object the generator's parameters do not require gradients and the
/// generator is in the requested train/eval mode; on dispose the requires_grad flags, the mode
/// and every buffer (batch-norm running mean, variance and batch count) are put back as they were.
/// </summary>
internal sealed class FrozenGenerator : IDisposable
{
    private readonly nn.Module _generator;
    private readonly bool _wasTraining;
    private readonly List<(TorchSharp.Modules.Parameter Parameter, bool RequiresGrad)> _flags;
    private readonly List<(Tensor Buffer, Tensor Saved)> _buffers;

    public FrozenGenerator(nn.Module generator, bool train)
    {
        _generator = generator;
        _wasTraining = generator.training;
        _flags = generator.parameters().Select(p => (p, p.requires_grad)).ToList();
        using (no_grad())
            _buffers = generator.buffers().Select(b => (b, b.clone().DetachFromDisposeScope())).ToList();
        foreach (var (p, _) in _flags) p.requires_grad = false;
        generator.train(train);
    }

    public void Dispose()
    {
        foreach (var (p, flag) in _flags) p.requires_grad = flag;
        using (no_grad())
            foreach (var (buffer, saved) in _buffers)
            {
                buffer.copy_(saved);
                saved.Dispose();
            }
        _generator.train(_wasTraining);
    }
}
