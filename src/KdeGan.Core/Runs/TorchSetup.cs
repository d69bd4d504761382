using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Runs;

/// <summary>Applies the system settings once per run: thread count, device, global seed.</summary>
public static class TorchSetup
{
    /// <summary>Sets torch's intra-op threads (null: all cores) and returns the number in use.</summary>
    public static int ApplyThreads(int? threads)
    {
        var n = threads ?? Environment.ProcessorCount;
        if (n < 1) throw new SettingsException("resolved settings", "system.threads", $"a positive thread count or null, found {n}");
        torch.set_num_threads(n);
        return torch.get_num_threads();
    }

    /// <summary>The device named by system.device; a clear error when CUDA is asked for but absent.</summary>
    public static Device ResolveDevice(string name) => name switch
    {
        "cpu" => CPU,
        "cuda" when cuda.is_available() => CUDA,
        "cuda" => throw new SettingsException("resolved settings", "system.device",
            "'cuda' needs a CUDA device and the cuda build (-p:TorchBackend=cuda); none is available here, use 'cpu'"),
        _ => throw new SettingsException("resolved settings", "system.device", $"'cpu' or 'cuda', found '{name}'"),
    };

    /// <summary>A generator for one purpose of a run, derived from the seed so that purposes do not share a stream.</summary>
    public static Generator Stream(int seed, RngPurpose purpose) => new((ulong)seed * 1000UL + (ulong)purpose);
}

/// <summary>The independent random streams of a run.</summary>
public enum RngPurpose
{
    /// <summary>Weight initialisation.</summary>
    Init = 1,
    /// <summary>Everything drawn while training: batch order, latent samples, method randomness.</summary>
    Training = 2,
    /// <summary>The fixed noise behind every sample grid.</summary>
    FixedNoise = 3,
}
