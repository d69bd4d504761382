namespace KdeGan.Core.Data;

/// <summary>
/// The one place that maps a dataset name to its reader, so that training, scoring and the
/// CLI load data the same way. Every reader returns the <see cref="ImageDataset"/> contract.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>Dataset names the catalog knows, as used in experiment files and on the command line.</summary>
    public static readonly IReadOnlyList<string> Names = ["mnist"];

    /// <summary>Loads one split of the named dataset from below <paramref name="dataRoot"/>.</summary>
    public static ImageDataset Load(string name, bool train, string dataRoot) => name switch
    {
        "mnist" => Mnist.Load(DataLocation.DatasetDir(dataRoot, "mnist"), train),
        _ => throw new ArgumentException($"unknown dataset '{name}'; known: {string.Join(", ", Names)}"),
    };
}
