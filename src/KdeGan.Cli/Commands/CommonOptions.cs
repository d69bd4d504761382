using System.CommandLine;

namespace KdeGan.Cli.Commands;

/// <summary>Options several subcommands share, defined once.</summary>
public static class CommonOptions
{
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "dataset root (default: KDEGAN_DATA, else data/ at the repository root)",
    };
}
