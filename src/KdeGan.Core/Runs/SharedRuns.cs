namespace KdeGan.Core.Runs;

/// <summary>
/// Runs are shared between artifacts: Figures 5, 7 and 9 and Table 1 all ask for the same MNIST
/// DCGAN and KDE-GAN runs, and the latent-space figures for the same generators. The config hash
/// leaves the artifact out, so before training, a completed run of the same hash filed under
/// another artifact (same profile, dataset, method and seed) is copied into the asking artifact's
/// folder instead, and its manifest names where it came from. The copy keeps every artifact's
/// folder self-contained for its report. Only plain runs are shared: a phase that restricts the
/// data or continues another phase computes something its settings alone do not say.
/// </summary>
public static class SharedRuns
{
    /// <summary>
    /// A completed plain run of <paramref name="config"/> under another artifact of
    /// <paramref name="resultsRoot"/> for which <paramref name="accept"/> holds; null when none.
    /// Artifacts are searched in name order, so the choice is the same on every machine.
    /// </summary>
    public static RunPaths? Find(string resultsRoot, ResolvedConfig config, Func<RunPaths, bool> accept)
    {
        if (!Directory.Exists(resultsRoot)) return null;
        var hash = config.Hash();
        foreach (var artifact in Directory.EnumerateDirectories(resultsRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (artifact == config.Artifact) continue;
            var candidate = RunPaths.For(resultsRoot, config with { Artifact = artifact! });
            if (File.Exists(candidate.LastCheckpoint) && !File.Exists(Path.Combine(candidate.Root, ExperimentRunner.PhaseFile))
                && RunManifest.Completed(candidate, hash) is not null && accept(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="target"/> (absent or empty)
    /// through a temporary folder renamed into place, so a copy is never half there; config.json
    /// then names the target's artifact and the manifest the source folder.
    /// </summary>
    public static void Copy(RunPaths source, RunPaths target, ResolvedConfig config)
    {
        if (!IsFree(target))
            throw new IOException($"{target.Root} is not empty; it is not overwritten by a copy of {source.Root}");
        var temp = target.Root + $".copying-{Environment.ProcessId}";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        CopyTree(source.Root, temp);
        var copied = new RunPaths(temp);
        AtomicFile.WriteAllText(copied.Config, config.ToJson());
        (RunManifest.Load(copied.Manifest) with { CopiedFrom = Path.GetRelativePath(Path.GetDirectoryName(target.Root)!, source.Root) }).Save(copied.Manifest);
        if (Directory.Exists(target.Root)) Directory.Delete(target.Root);
        Directory.CreateDirectory(Path.GetDirectoryName(target.Root)!);
        Directory.Move(temp, target.Root);
    }

    /// <summary>Whether <paramref name="target"/> is absent or an empty folder (only then is a run copied there).</summary>
    public static bool IsFree(RunPaths target) =>
        !Directory.Exists(target.Root) || !Directory.EnumerateFileSystemEntries(target.Root).Any();

    static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from)) CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
