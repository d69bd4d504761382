namespace KdeGan.Core.Data;

/// <summary>A checksum a downloaded file must have: "sha256" or "md5" and the lower-case hex digest.</summary>
public sealed record Checksum(string Algorithm, string Hex);

/// <summary>One file to fetch: mirrors tried in order, its name on disk, its checksum, and whether it is a .tar.gz to unpack.</summary>
public sealed record RemoteFile(IReadOnlyList<string> Urls, string FileName, Checksum Checksum, bool ExtractTarGz = false);

/// <summary>
/// Where a dataset comes from: the files to fetch into <see cref="Folder"/> below the data root
/// (an archive unpacks into the root itself), or, when it cannot be fetched automatically, the
/// manual instruction.
/// </summary>
public sealed record DatasetSource(string Name, string Folder, IReadOnlyList<RemoteFile> Files, string? Manual = null);

/// <summary>The canonical public sources of the catalog's datasets.</summary>
public static class DatasetSources
{
    static readonly string[] MnistMirrors =
        ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://yann.lecun.com/exdb/mnist/"];

    static RemoteFile Mnist(string file, string sha256) =>
        new([.. MnistMirrors.Select(m => m + file)], file, new Checksum("sha256", sha256));

    static readonly DatasetSource MnistSource = new("mnist", "mnist",
    [
        Mnist("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
        Mnist("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
        Mnist("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
        Mnist("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    ]);

    // Only the MD5s of the CIFAR-10 and SVHN originals are published; those are what we verify.
    static readonly DatasetSource Cifar10Source = new("cifar10", "",
    [
        new(["https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"], "cifar-10-binary.tar.gz",
            new Checksum("md5", "c32a1d4ab5d03f1284b67883e8d87530"), ExtractTarGz: true),
    ]);

    static readonly DatasetSource SvhnSource = new("svhn", "svhn",
    [
        new(["http://ufldl.stanford.edu/housenumbers/train_32x32.mat"], "train_32x32.mat", new Checksum("md5", "e26dedcc434d2e4c54c9b2d4a06d8373")),
        new(["http://ufldl.stanford.edu/housenumbers/test_32x32.mat"], "test_32x32.mat", new Checksum("md5", "eb5a983be6a315427106f1b164d9cef3")),
    ]);

    static readonly DatasetSource CelebASource = new("celeba", "celeba", [],
        "CelebA is distributed through Google Drive behind a confirmation page (https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html); " +
        "download img_align_celeba.zip (MD5 00d2c5bc6d35e252742224ab0c1e8fcb) and identity_CelebA.txt by hand and unpack them into <data root>/celeba/");

    /// <summary>The source of a catalog dataset (MNIST1000 is built from MNIST, so it fetches MNIST).</summary>
    public static DatasetSource For(string name) => name switch
    {
        "mnist" or "mnist1000" => MnistSource,
        "cifar10" => Cifar10Source,
        "svhn" => SvhnSource,
        "celeba" => CelebASource,
        _ => throw new ArgumentException($"unknown dataset '{name}'; known: {string.Join(", ", DatasetCatalog.Names)}"),
    };
}
