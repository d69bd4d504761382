using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace KdeGan.Core.Data;

/// <summary>Which CelebA images to load and where the decoded cache goes.</summary>
/// <param name="MaxImages">Only the first N images in file-name order (all when null).</param>
/// <param name="CacheDir">Cache folder (default: <see cref="CelebACache.Folder"/>).</param>
public sealed record CelebAOptions(int? MaxImages = null, string? CacheDir = null);

/// <summary>
/// CelebA aligned faces from img_align_celeba/*.jpg: centre crop 118 x 118, resized to 64 x 64,
/// N x 3 x 64 x 64 in [-1, 1]. Labels are the identities from identity_CelebA*.txt when that
/// file is present, else 0. There is one split: every image found is training data.
/// </summary>
public static class CelebA
{
    public const string ImageFolder = "img_align_celeba";

    /// <summary>Loads the images below <paramref name="dir"/> (the folder holding img_align_celeba).</summary>
    public static ImageDataset Load(string dir, CelebAOptions? options = null)
    {
        options ??= new CelebAOptions();
        var files = ImageFiles(dir, options.MaxImages);
        var labels = Labels(dir, files);
        var cache = CelebACache.PathFor(options.CacheDir ?? CelebACache.Folder(dir), files);
        var pixels = CelebACache.TryRead(cache, files.Count);
        if (pixels == null)
        {
            pixels = new byte[(long)files.Count * CelebAImage.Bytes];
            try
            {
                Parallel.For(0, files.Count, i =>
                    CelebAImage.DecodeCropResize(files[i]).CopyTo(pixels, (long)i * CelebAImage.Bytes));
            }
            catch (AggregateException e) when (e.InnerExceptions[0] is DatasetFormatException bad)
            {
                // the file's own error, not the parallel loop's wrapper
                ExceptionDispatchInfo.Throw(bad);
            }
            CelebACache.Write(cache, pixels, files.Count);
        }
        return new ImageDataset("celeba/train",
            PixelTensor.FromBytes(pixels, files.Count, 3, CelebAImage.Side, CelebAImage.Side), tensor(labels));
    }

    /// <summary>The JPEGs in img_align_celeba in file-name order, the first <paramref name="max"/> when given.</summary>
    public static IReadOnlyList<string> ImageFiles(string dir, int? max = null)
    {
        var folder = Path.Combine(dir, ImageFolder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"CelebA image folder {folder} not found (run the Data target or set KDEGAN_DATA)");
        var files = Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Take(max ?? int.MaxValue).ToList();
        if (files.Count == 0)
            throw new DatasetFormatException(folder, "*.jpg images", "no .jpg file");
        return files;
    }

    /// <summary>The identity file's number for each image, or 0 for all when there is no identity file.</summary>
    public static long[] Labels(string dir, IReadOnlyList<string> files)
    {
        var identityFile = Directory.GetFiles(dir, "identity_CelebA*.txt").Order(StringComparer.Ordinal).FirstOrDefault();
        if (identityFile == null) return new long[files.Count];
        var identities = new Dictionary<string, long>();
        foreach (var (line, number) in File.ReadLines(identityFile).Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !long.TryParse(parts[1], out var identity))
                throw new DatasetFormatException(identityFile, "lines '<image>.jpg <identity>'", $"'{line}' on line {number}");
            identities[parts[0]] = identity;
        }
        return [.. files.Select(f => identities.TryGetValue(Path.GetFileName(f), out var id)
            ? id
            : throw new DatasetFormatException(identityFile, $"an identity for {Path.GetFileName(f)}", "no line for it"))];
    }
}
