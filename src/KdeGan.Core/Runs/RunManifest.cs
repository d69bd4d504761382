using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace KdeGan.Core.Runs;

/// <summary>
/// manifest.json: how a run came to be (seed, config hash, commit, package versions, threads,
/// machine, times) and how it ended. Rewritten atomically at the start, at each resume and at the end.
/// </summary>
public sealed record RunManifest
{
    public required int Seed { get; init; }
    public required string ConfigHash { get; init; }
    public required string GitCommit { get; init; }
    public required Dictionary<string, string> Packages { get; init; }
    public required int Threads { get; init; }
    public required string Device { get; init; }
    public required string Machine { get; init; }
    public required DateTimeOffset Started { get; init; }
    public DateTimeOffset? Ended { get; init; }
    /// <summary>running, completed, cancelled or diverged.</summary>
    public required string Status { get; init; }
    public long IterationsDone { get; init; }
    public long IterationsPlanned { get; init; }
    /// <summary>Iterations at which the run was resumed from a checkpoint.</summary>
    public List<long> ResumedAt { get; init; } = [];
    public string? Error { get; init; }
    /// <summary>The run folder this one was copied from (relative to this one's parent), when another artifact trained it (<see cref="SharedRuns"/>).</summary>
    public string? CopiedFrom { get; init; }

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, SettingsJson.Options));

    public static RunManifest Load(string path) => SettingsJson.Read<RunManifest>(SettingsJson.ParseFile(path), path);

    /// <summary>The manifest of a completed run of config hash <paramref name="hash"/> in <paramref name="paths"/>; null when there is none.</summary>
    public static RunManifest? Completed(RunPaths paths, string hash) =>
        File.Exists(paths.Manifest) && Load(paths.Manifest) is { Status: "completed" } m && m.ConfigHash == hash ? m : null;

    /// <summary>A fresh manifest for a run starting now on this machine.</summary>
    public static RunManifest Start(ResolvedConfig config, int threads, string device, long planned) => new()
    {
        Seed = config.Seed,
        ConfigHash = config.Hash(),
        GitCommit = CurrentCommit(),
        Packages = PackageVersions(),
        Threads = threads,
        Device = device,
        Machine = $"{Environment.MachineName}; {RuntimeInformation.OSDescription}; {RuntimeInformation.ProcessArchitecture}; {Environment.ProcessorCount} logical cores",
        Started = DateTimeOffset.UtcNow,
        Status = "running",
        IterationsPlanned = planned,
    };

    static Dictionary<string, string> PackageVersions() => new()
    {
        [".NET"] = RuntimeInformation.FrameworkDescription,
        ["TorchSharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["SkiaSharp"] = typeof(SkiaSharp.SKBitmap).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["KdeGan.Core"] = typeof(RunManifest).Assembly.GetName().Version?.ToString() ?? "unknown",
    };

    /// <summary>HEAD of the repository holding the working directory, with "+dirty" for uncommitted changes; "unknown" without git.</summary>
    static string CurrentCommit()
    {
        try
        {
            var head = Git("rev-parse HEAD");
            if (head is null) return "unknown";
            return string.IsNullOrWhiteSpace(Git("status --porcelain --untracked-files=no")) ? head : head + "+dirty";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    static string? Git(string arguments)
    {
        var info = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : null;
    }
}
