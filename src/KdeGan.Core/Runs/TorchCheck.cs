using static TorchSharp.torch;

namespace KdeGan.Core.Runs;

/// <summary>
/// One real torch computation with a known answer: the first call that fails when the native
/// libraries cannot load (e.g. a libstdc++ without GLIBCXX_3.4.32).
/// </summary>
public static class TorchCheck
{
    /// <summary>Computes a 2x2 matrix product and returns a one-line report; throws if torch is broken.</summary>
    public static string Run()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        var product = a.matmul(a).sum().item<float>();
        if (product != 54f)
            throw new InvalidOperationException($"torch computed sum(A*A) = {product}, expected 54");
        return $"torch OK: TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, " +
               $"{get_num_threads()} intra-op threads, CUDA {(cuda.is_available() ? "available" : "not available")}";
    }
}
