namespace KdeGan.Core.Report;

/// <summary>Every artifact report, by name: one line per artifact.</summary>
public static class ArtifactReports
{
    public static readonly IReadOnlyList<IArtifactReport> All =
    [
        new Figure5Report(),
        new Figure6Report(),
        new Figure7Report(),
        new Figure9Report(),
        new Table1Report(),
        new Table2Report(),
        new WallClockReport(),
        new Figure1Report(),
        new Figure2Report(),
        new Figure3Report(),
        new Figure4Report(),
        new Figure8Report(),
        new Figure10Report(),
        new Figure21Report(),
    ];

    public static IArtifactReport For(string artifact) =>
        All.FirstOrDefault(r => r.Artifact == artifact)
        ?? throw new ArgumentException($"no report for artifact '{artifact}'; known: {string.Join(", ", All.Select(r => r.Artifact))}");
}
