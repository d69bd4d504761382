using static TorchSharp.torch;

namespace KdeGan.Core.Data;

/// <summary>
/// Checks the datasets under a data root: every split loads through the catalog, has the
/// published image count, values inside [-1, 1], and files with a published SHA-256 match it.
/// A problem in one dataset never stops the others.
/// </summary>
public static class DatasetVerifier
{
    /// <summary>Images per split in the official releases (train, test).</summary>
    static readonly Dictionary<string, (long Train, long Test)> PublishedCounts = new()
    {
        ["mnist"] = (60_000, 10_000),
        ["cifar10"] = (50_000, 10_000),
        ["svhn"] = (73_257, 26_032),
    };

    /// <summary>MNIST1000 is checked on this many images built from MNIST (its full size is a setting, not a property of the files).</summary>
    public const int Mnist1000CheckCount = 10_000;

    /// <summary>The catalog datasets whose folder exists under <paramref name="dataRoot"/>.</summary>
    public static IReadOnlyList<string> Present(string dataRoot) =>
        [.. DatasetCatalog.Names.Where(n => Directory.Exists(Path.Combine(dataRoot, DatasetCatalog.Folder(n))))];

    /// <summary>Verifies one dataset; a missing folder is reported as a problem, not thrown.</summary>
    public static DatasetReport Verify(string name, string dataRoot, DatasetOptions? options = null)
    {
        var folder = Path.Combine(dataRoot, DatasetCatalog.Folder(name));
        var problems = new List<string>();
        var splits = new List<SplitSummary>();
        if (!Directory.Exists(folder))
            return new DatasetReport(name, folder, [], [], [$"folder {folder} not found"]);
        var files = Listing(folder);
        if (name != "mnist1000") problems.AddRange(ChecksumProblems(name, folder));
        if (name == "mnist1000")
            options = (options ?? new DatasetOptions()) with
            {
                Mnist1000 = (options?.Mnist1000 ?? new StackedMnistOptions()) with { Count = Mnist1000CheckCount },
            };
        foreach (var train in name == "celeba" ? [true] : new[] { true, false })
        {
            var split = train ? "train" : "test";
            try
            {
                using var data = DatasetCatalog.Load(name, train, dataRoot, options);
                var summary = Summarise(split, data);
                splits.Add(summary);
                if (PublishedCounts.TryGetValue(name, out var counts) && summary.Count != (train ? counts.Train : counts.Test))
                    problems.Add($"{name}/{split}: expected {(train ? counts.Train : counts.Test)} images, found {summary.Count}");
                if (summary.Min < -1f || summary.Max > 1f)
                    problems.Add($"{name}/{split}: expected values in [-1, 1], found [{summary.Min}, {summary.Max}]");
            }
            catch (Exception e) when (e is DatasetFormatException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                problems.Add($"{name}/{split}: {e.Message}");
            }
        }
        return new DatasetReport(name, folder, files, splits, problems);
    }

    /// <summary>Files with their sizes, and each sub-folder as "name/ (N files)" with its total size; hidden entries (caches) left out.</summary>
    static List<(string, long)> Listing(string folder)
    {
        var files = Directory.GetFiles(folder).Select(f => (Path.GetFileName(f), new FileInfo(f).Length));
        var folders = Directory.GetDirectories(folder).Select(d =>
        {
            var inside = Directory.GetFiles(d, "*", SearchOption.AllDirectories);
            return ($"{Path.GetFileName(d)}/ ({inside.Length} files)", inside.Sum(f => new FileInfo(f).Length));
        });
        return [.. files.Concat(folders).Where(e => !e.Item1.StartsWith('.')).OrderBy(e => e.Item1, StringComparer.Ordinal)];
    }

    static SplitSummary Summarise(string split, ImageDataset data)
    {
        using var scope = NewDisposeScope();
        var labelCount = data.Count == 0 ? 1 : (int)data.Labels.max().item<long>() + 1;
        return new SplitSummary(split, data.Count, data.Channels, data.Height, data.Width,
            data.LabelHistogram(labelCount), data.Images.min().item<float>(), data.Images.max().item<float>());
    }

    /// <summary>
    /// Files of the dataset's source that carry a SHA-256 and are present must match it, and so
    /// must every file a SHA256SUMS list in the folder names (found by name anywhere below it).
    /// </summary>
    static IEnumerable<string> ChecksumProblems(string name, string folder)
    {
        var sums = Path.Combine(folder, "SHA256SUMS");
        if (File.Exists(sums))
        {
            var byName = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToLookup(Path.GetFileName);
            foreach (var line in File.ReadLines(sums).Where(l => l.Trim().Length > 0))
            {
                var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
                var listed = parts.Length == 2 ? parts[1].TrimStart('*') : "";
                var path = byName[Path.GetFileName(listed)].FirstOrDefault();
                if (parts.Length != 2 || parts[0].Length != 64)
                    yield return $"{sums}: expected lines '<sha256>  <file>', found '{line}'";
                else if (path == null)
                    yield return $"{sums}: lists {listed}, which is not below {folder}";
                else if (DatasetDownload.DigestFile("sha256", path) is var found && found != parts[0].ToLowerInvariant())
                    yield return $"{path}: expected sha256 {parts[0]} (from SHA256SUMS), found {found}";
            }
        }
        var source = DatasetSources.For(name);
        if (source.Folder != DatasetCatalog.Folder(name)) yield break;
        foreach (var file in source.Files.Where(f => f.Checksum.Algorithm == "sha256"))
        {
            var path = Path.Combine(folder, file.FileName);
            if (!File.Exists(path)) continue;
            var found = DatasetDownload.DigestFile("sha256", path);
            if (found != file.Checksum.Hex)
                yield return $"{path}: expected sha256 {file.Checksum.Hex}, found {found}";
        }
    }
}
