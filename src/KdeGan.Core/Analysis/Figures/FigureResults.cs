using KdeGan.Core.Report;
using KdeGan.Core.Runs;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>How the latent-figure reports find stored results and publish figures.</summary>
public static class FigureResults
{
    /// <summary>
    /// The dataset folders of results/&lt;artifact&gt;/&lt;profile&gt;/ whose manifest says completed,
    /// by dataset name; none is an error naming the folder and the command that makes them.
    /// Folders of datasets with no data on this machine ("missing") are left out.
    /// </summary>
    public static IReadOnlyList<(string Dataset, string Folder)> Completed(ReportContext context, string artifact)
    {
        var root = context.ResultsOf(artifact);
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root).Order(StringComparer.Ordinal)
                .Where(d => File.Exists(Path.Combine(d, "manifest.json")) && RunManifest.Load(Path.Combine(d, "manifest.json")).Status == "completed")
                .Select(d => (Path.GetFileName(d), d)).ToList()
            : [];
        if (found.Count == 0)
            throw new FileNotFoundException($"no completed results of {artifact} under {root}; run `kdegan analyse {artifact} --experiment experiments/{artifact}.json --profile {context.Profile}`");
        return found;
    }

    /// <summary>Draws with <paramref name="draw"/> (given a path without extension) into results/figures/&lt;profile&gt;/ and copies every file it made to paper/figures/.</summary>
    public static void Publish(ReportContext context, string name, Action<string> draw)
    {
        Directory.CreateDirectory(context.ResultsFigures);
        var target = Path.Combine(context.ResultsFigures, name);
        draw(target);
        foreach (var extension in new[] { ".png", ".svg" })
            if (File.Exists(target + extension))
                AtomicFile.WriteAllBytes(Path.Combine(context.PaperFigures, name + extension), File.ReadAllBytes(target + extension));
    }

    /// <summary>Publishes a stored PNG (an image grid the driver wrote) under <paramref name="name"/>.</summary>
    public static void PublishPng(ReportContext context, string name, string source)
    {
        if (!File.Exists(source)) throw new FileNotFoundException($"results file {source} not found", source);
        Publish(context, name, target => AtomicFile.WriteAllBytes(target + ".png", File.ReadAllBytes(source)));
    }
}
