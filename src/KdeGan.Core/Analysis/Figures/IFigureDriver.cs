using KdeGan.Core.Training;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>
/// Computes one artifact's numbers and image grids for one dataset into
/// <see cref="FigureContext.Output"/>, so that its report redraws them without recomputing.
/// Progress and notes go to the progress sink (the engine never prints).
/// </summary>
public interface IFigureDriver
{
    string Artifact { get; }

    void Run(FigureContext context, ITrainingProgress progress, CancellationToken cancel);
}

/// <summary>Every analysis driver, by artifact name.</summary>
public static class FigureDrivers
{
    public static readonly IReadOnlyList<IFigureDriver> All =
    [
        new RandomReversalDriver("figure1"),
        new RandomReversalDriver("figure2"),
        new Figure3Driver(),
        new Figure4Driver(),
        new Figure8Driver(),
        new Figure10Driver(),
        new Figure21Driver(),
    ];

    public static IFigureDriver For(string artifact) =>
        All.FirstOrDefault(d => d.Artifact == artifact)
        ?? throw new ArgumentException($"no analysis driver for artifact '{artifact}'; known: {string.Join(", ", All.Select(d => d.Artifact))}");
}
