using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>Checks an iteration's losses, extra metrics and every weight of the method for NaN/Inf.</summary>
public static class DivergenceGuard
{
    public static void Check(long iteration, UpdateLosses losses, IReadOnlyDictionary<string, double> extras, GanMethod method)
    {
        CheckValue(iteration, "d_loss", losses.DLoss);
        CheckValue(iteration, "g_loss", losses.GLoss);
        foreach (var (name, value) in extras) CheckValue(iteration, name, value);
        using var scope = NewDisposeScope();
        foreach (var (moduleName, module) in method.Modules)
        {
            var parameters = module.named_parameters().ToList();
            if (parameters.Count == 0) continue;
            // One reduction per module; only a non-finite total needs the per-weight search.
            var total = stack(parameters.Select(p => p.parameter.detach().sum().to_type(ScalarType.Float64)).ToArray()).sum().item<double>();
            if (double.IsFinite(total)) continue;
            foreach (var (name, p) in parameters)
            {
                var bad = p.detach().isfinite().logical_not();
                if (bad.any().item<bool>())
                    throw new DivergenceException(iteration, $"weight {moduleName}.{name}", p.detach()[bad][0].item<float>());
            }
        }
    }

    static void CheckValue(long iteration, string name, double value)
    {
        if (!double.IsFinite(value)) throw new DivergenceException(iteration, name, value);
    }
}
