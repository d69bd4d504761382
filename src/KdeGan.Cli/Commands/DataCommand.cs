using System.CommandLine;
using KdeGan.Core.Data;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan data verify`: what datasets are present and whether they read correctly;
/// `kdegan data fetch`: download the missing ones (the build's Data target).
/// </summary>
public static class DataCommand
{
    /// <summary>Fetched by default: every dataset with an automatic source.</summary>
    const string DefaultFetch = "mnist,cifar10,svhn";

    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var verify = new Command("verify", "check every dataset found under the data root") { dataDir };
        verify.SetAction(parse => Verify(DataLocation.Resolve(parse.GetValue(dataDir))));

        var fetchDir = CommonOptions.DataDir();
        var datasets = new Option<string>("--datasets")
        {
            Description = $"comma-separated datasets to fetch (known: {string.Join(", ", DatasetCatalog.Names)})",
            DefaultValueFactory = _ => DefaultFetch,
        };
        var fetch = new Command("fetch", "download datasets that are missing or fail verification") { fetchDir, datasets };
        fetch.SetAction((parse, cancel) => Fetch(DataLocation.Resolve(parse.GetValue(fetchDir)),
            parse.GetValue(datasets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), cancel));
        return new Command("data", "dataset commands") { verify, fetch };
    }

    static int Verify(string root)
    {
        Console.WriteLine($"data root: {root}");
        var present = DatasetVerifier.Present(root);
        foreach (var missing in DatasetCatalog.Names.Except(present))
            Console.WriteLine($"{missing}: not present ({Path.Combine(root, DatasetCatalog.Folder(missing))} not found), skipped");
        if (present.Count == 0)
        {
            Console.WriteLine($"no dataset found under {root}: fetch with `kdegan data fetch` or point --data-dir / {DataLocation.EnvironmentVariable} elsewhere");
            return 1;
        }
        var failed = 0;
        foreach (var name in present)
        {
            var report = DatasetVerifier.Verify(name, root);
            Print(report);
            if (!report.Ok) failed++;
        }
        Console.WriteLine(failed == 0 ? $"all {present.Count} datasets found are OK" : $"{failed} of {present.Count} datasets have problems");
        return failed == 0 ? 0 : 1;
    }

    static void Print(DatasetReport report)
    {
        Console.WriteLine($"{report.Name} ({report.Folder})");
        Console.WriteLine($"  files: {(report.Files.Count == 0 ? "(none)" : string.Join(", ", report.Files.Select(f => $"{f.File} ({f.Bytes:N0} B)")))}");
        foreach (var s in report.Splits)
            Console.WriteLine($"  {s.Split}: {s.Count} images {s.Channels}x{s.Height}x{s.Width}, values [{s.Min:0.###}, {s.Max:0.###}], {Histogram(s.Histogram)}");
        foreach (var problem in report.Problems) Console.WriteLine($"  PROBLEM {problem}");
        Console.WriteLine($"  {(report.Ok ? "OK" : "FAILED")}");
    }

    /// <summary>The full histogram for up to 10 labels; for identities or 3-digit numbers, how many labels occur and how often.</summary>
    static string Histogram(long[] counts)
    {
        if (counts.Length <= 10) return $"labels 0..{counts.Length - 1}: {string.Join(" ", counts)}";
        var used = counts.Where(c => c > 0).ToList();
        return $"{used.Count} distinct labels of 0..{counts.Length - 1}, {used.Min()}..{used.Max()} images each";
    }

    static async Task<int> Fetch(string root, string[] names, CancellationToken cancel)
    {
        Console.WriteLine($"data root: {root}");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        var failed = 0;
        foreach (var name in names)
        {
            try
            {
                var before = DatasetVerifier.Verify(name, root);
                if (before.Ok)
                {
                    Console.WriteLine($"{name}: present and verified, skipped");
                    continue;
                }
                Console.WriteLine($"{name}: {string.Join("; ", before.Problems)}; fetching");
                await DatasetDownload.FetchAsync(http, DatasetSources.For(name), root, Console.WriteLine, cancel);
                var after = DatasetVerifier.Verify(name, root);
                Print(after);
                if (!after.Ok) failed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.WriteLine($"{name}: FAILED {e.Message}");
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
