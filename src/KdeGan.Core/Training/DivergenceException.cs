namespace KdeGan.Core.Training;

/// <summary>A NaN or Inf in a loss or a weight: names the iteration and the quantity. The last good checkpoint is left in place.</summary>
public sealed class DivergenceException(long iteration, string quantity, double value)
    : Exception($"training diverged at iteration {iteration}: {quantity} is {value}; the last good checkpoint is kept")
{
    public long Iteration { get; } = iteration;
    public string Quantity { get; } = quantity;
}
