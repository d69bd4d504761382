using System.Text.Json;
using KdeGan.Core.Data;
using KdeGan.Core.Runs;

namespace KdeGan.Cli.Commands;

/// <summary>Where every benchmark writes its JSON: results/bench/&lt;name&gt; at the repository root, atomically.</summary>
public static class BenchOutput
{
    public static string PathOf(string name) => Path.Combine(CommonOptions.ResultsRoot(), "bench", name);

    public static void Write(string name, object result) => WriteTo(PathOf(name), result);

    public static void WriteTo(string path, object result)
    {
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(result, SettingsJson.Options));
        Console.WriteLine($"wrote {path}");
    }

    /// <summary>The machine's 1-minute load average (Linux), recorded beside timings because other jobs may share the cores.</summary>
    public static double? LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load)
            ? load
            : null;
}
