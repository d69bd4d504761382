using KdeGan.Core.Runs;
using ScottPlot;

namespace KdeGan.Core.Report;

/// <summary>
/// 2-D point clouds coloured by an integer label (e.g. t-SNE embeddings of latent codes, Figure 3),
/// as PNG and SVG, written atomically.
/// </summary>
public static class ScatterFigure
{
    public static void Save(string pathWithoutExtension, string title, double[] x, double[] y, long[] labels)
    {
        if (x.Length != y.Length || x.Length != labels.Length)
            throw new ArgumentException($"figure '{title}': {x.Length} x, {y.Length} y and {labels.Length} labels must match");
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var group in Enumerable.Range(0, x.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var points = plot.Add.ScatterPoints(group.Select(i => x[i]).ToArray(), group.Select(i => y[i]).ToArray());
            points.Color = palette.GetColor((int)(group.Key % palette.Colors.Length));
            points.MarkerSize = 4;
            points.LegendText = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        plot.Title(title);
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(pathWithoutExtension + ".png", plot.GetImageBytes(LineFigure.Width, LineFigure.Height, ImageFormat.Png));
        AtomicFile.WriteAllText(pathWithoutExtension + ".svg", plot.GetSvgXml(LineFigure.Width, LineFigure.Height));
    }
}
