using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>One iteration as a method sees it. The loop owns <see cref="Real"/>; methods must not dispose it.</summary>
public sealed class TrainingStep
{
    /// <summary>1-based iteration number.</summary>
    public required long Iteration { get; init; }
    /// <summary>0-based epoch the real batch came from.</summary>
    public required int Epoch { get; init; }
    /// <summary>The real batch, B x C x H x W in [-1, 1] on the method's device.</summary>
    public required Tensor Real { get; init; }
    /// <summary>Dataset indices of the rows of <see cref="Real"/> (0 .. TrainCount-1), in batch order.</summary>
    public long[] Indices { get; init; } = [];
    /// <summary>The run's training stream: every random draw of the iteration comes from here.</summary>
    public required Generator Rng { get; init; }
    /// <summary>The method's extra metric values of this iteration, by column name (see <see cref="GanMethod.ExtraColumns"/>).</summary>
    public Dictionary<string, double> Extras { get; } = [];
}
