using KdeGan.Core.Runs;
using ScottPlot;

namespace KdeGan.Core.Report;

/// <summary>
/// Line figures as PNG and SVG (ScottPlot): each series a line, with a shaded ± std band where
/// the series has one. Written atomically next to each other: &lt;path&gt;.png and &lt;path&gt;.svg.
/// </summary>
public static class LineFigure
{
    public const int Width = 640;
    public const int Height = 420;

    /// <summary>Renders the series; <paramref name="pathWithoutExtension"/> gets .png and .svg.</summary>
    public static void Save(string pathWithoutExtension, string title, string xLabel, string yLabel,
        IReadOnlyList<Series> series, bool logY = false)
    {
        var plot = Build(title, xLabel, yLabel, series, logY);
        AtomicFile.WriteAllBytes(pathWithoutExtension + ".png", plot.GetImageBytes(Width, Height, ImageFormat.Png));
        AtomicFile.WriteAllText(pathWithoutExtension + ".svg", plot.GetSvgXml(Width, Height));
    }

    /// <summary>The plot, for callers that compose several panels or render elsewhere.</summary>
    public static Plot Build(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool logY = false)
    {
        if (series.Count == 0) throw new ArgumentException($"figure '{title}': no series to draw");
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            s.Validate();
            var color = palette.GetColor(i);
            var y = logY ? s.Y.Select(Math.Log10).ToArray() : s.Y;
            if (s.Std is { } std)
            {
                // The band is drawn first so that the line stays on top of it.
                var low = s.Y.Select((m, k) => m - std[k]).ToArray();
                var high = s.Y.Select((m, k) => m + std[k]).ToArray();
                var band = plot.Add.FillY(s.X, logY ? low.Select(v => Math.Log10(Math.Max(v, double.Epsilon))).ToArray() : low,
                    logY ? high.Select(Math.Log10).ToArray() : high);
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
            }
            var line = plot.Add.ScatterLine(s.X, y);
            line.Color = color;
            line.LineWidth = 2;
            line.LegendText = s.Label;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(logY ? $"log10 {yLabel}" : yLabel);
        if (series.Count > 1) plot.ShowLegend();
        return plot;
    }
}
