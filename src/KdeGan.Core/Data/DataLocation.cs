namespace KdeGan.Core.Data;

/// <summary>
/// Where the datasets live: an explicit --data-dir, else KDEGAN_DATA, else data/ at the
/// repository root (the folder holding KdeGan.Repro.sln above the working directory).
/// </summary>
public static class DataLocation
{
    public const string EnvironmentVariable = "KDEGAN_DATA";

    public static string Resolve(string? explicitDir = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDir)) return Path.GetFullPath(explicitDir);
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return Path.GetFullPath(fromEnv);
        return Path.Combine(RepositoryRoot(), "data");
    }

    /// <summary>The folder holding KdeGan.Repro.sln, searched upwards from the working directory.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KdeGan.Repro.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <summary>The dataset's folder below the data root; an error naming it and the setting when absent.</summary>
    public static string DatasetDir(string dataRoot, string datasetFolder)
    {
        var dir = Path.Combine(dataRoot, datasetFolder);
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException(
                $"dataset folder {dir} not found: fetch it with `dotnet fsi build.fsx -t Data`, or point --data-dir / {EnvironmentVariable} at a folder that has it");
        return dir;
    }
}
