using System.Globalization;
using System.Text.Json.Nodes;
using KdeGan.Core.Analysis.Figures;
using KdeGan.Core.Runs;

namespace KdeGan.Core.Report;

/// <summary>Figure 3: t-SNE of reversed test codes coloured by label, trained and untrained generator, with the kNN label accuracy in code space in the titles.</summary>
public sealed class Figure3Report : IArtifactReport
{
    public string Artifact => "figure3";

    public void Render(ReportContext context)
    {
        foreach (var (dataset, folder) in FigureResults.Completed(context, Artifact))
        {
            var knn = SettingsJson.ParseFile(Path.Combine(folder, "knn.json")).AsObject();
            foreach (var generator in new[] { "trained", "untrained" })
            {
                var table = ResultsTable.Load(Path.Combine(folder, $"tsne-{generator}.csv"));
                var accuracy = Number(knn, $"knn_accuracy_{generator}", folder);
                var title = string.Create(CultureInfo.InvariantCulture,
                    $"{dataset}, {generator} generator: {Number(knn, "k", folder)}-NN label accuracy in code space {accuracy:P1}");
                FigureResults.Publish(context, $"figure3-{dataset}-{generator}", path => ScatterFigure.Save(path, title,
                    table.Numbers("x"), table.Numbers("y"), table.Numbers("label").Select(l => (long)l).ToArray()));
            }
        }
    }

    static double Number(JsonObject json, string key, string folder) =>
        json[key]?.GetValue<double>() ?? throw new InvalidDataException($"{Path.Combine(folder, "knn.json")}: no number '{key}'");
}
