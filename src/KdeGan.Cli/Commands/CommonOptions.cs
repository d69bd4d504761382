using System.CommandLine;
using KdeGan.Core.Data;

namespace KdeGan.Cli.Commands;

/// <summary>Options several subcommands share, defined once.</summary>
public static class CommonOptions
{
    /// <summary>results/ at the repository root: where runs, benches and committed scorers live.</summary>
    public static string ResultsRoot() => Path.Combine(DataLocation.RepositoryRoot(), "results");

    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "dataset root (default: KDEGAN_DATA, else data/ at the repository root)",
    };
}
