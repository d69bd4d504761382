namespace KdeGan.Core.Data;

/// <summary>
/// The one place that maps a dataset name to its reader, so that training, scoring and the
/// CLI load data the same way. Every reader returns the <see cref="ImageDataset"/> contract.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>Dataset names the catalog knows, as used in experiment files and on the command line.</summary>
    public static readonly IReadOnlyList<string> Names = ["mnist", "cifar10", "svhn", "celeba", "mnist1000"];

    /// <summary>The folder below the data root that holds the dataset's files (MNIST1000 is built from mnist/).</summary>
    public static string Folder(string name) => name switch
    {
        "mnist" or "mnist1000" => "mnist",
        "cifar10" => "cifar-10-batches-bin",
        "svhn" => "svhn",
        "celeba" => "celeba",
        _ => throw Unknown(name),
    };

    /// <summary>
    /// Loads one split of the named dataset from below <paramref name="dataRoot"/>. CelebA has
    /// one split (train). MNIST1000's test split is built from MNIST's test images with seed + 1,
    /// so it never repeats the training draws.
    /// </summary>
    public static ImageDataset Load(string name, bool train, string dataRoot, DatasetOptions? options = null)
    {
        var dir = DataLocation.DatasetDir(dataRoot, Folder(name));
        switch (name)
        {
            case "mnist": return Mnist.Load(dir, train);
            case "cifar10": return Cifar10.Load(dir, train);
            case "svhn": return Svhn.Load(dir, train);
            case "celeba":
                return train
                    ? CelebA.Load(dir, options?.CelebA)
                    : throw new ArgumentException("dataset 'celeba' has one split (train); there is no test split");
            default:
                var settings = options?.Mnist1000 ?? new StackedMnistOptions();
                if (!train) settings = settings with { Seed = settings.Seed + 1 };
                using (var mnist = Mnist.Load(dir, train))
                    return StackedMnist.Build(mnist, settings, train ? "mnist1000/train" : "mnist1000/test");
        }
    }

    static ArgumentException Unknown(string name) =>
        new($"unknown dataset '{name}'; known: {string.Join(", ", Names)}");
}
