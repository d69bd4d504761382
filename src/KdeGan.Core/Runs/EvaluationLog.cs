using System.Text.Json;

namespace KdeGan.Core.Runs;

/// <summary>
/// One number of a run's evaluations.json: a metric of the generator after <see cref="Iteration"/>,
/// with the sample counts and the scorer it came from (recorded beside every number).
/// </summary>
public sealed record Evaluation(long Iteration, string Metric, double Mean, double Std, long NReal, long NFake, string Scorer);

/// <summary>
/// evaluations.json in a run folder: every evaluation so far, sorted by iteration then metric.
/// Appending replaces an earlier entry of the same iteration and metric; writes are atomic.
/// </summary>
public static class EvaluationLog
{
    public const string FileName = "evaluations.json";

    public static string PathIn(string runDir) => System.IO.Path.Combine(runDir, FileName);

    /// <summary>The evaluations of the run in <paramref name="runDir"/>; none when the file is absent. Errors name the file.</summary>
    public static IReadOnlyList<Evaluation> Read(string runDir)
    {
        var path = PathIn(runDir);
        if (!File.Exists(path)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<Evaluation>>(File.ReadAllText(path), SettingsJson.Options)
                ?? throw new InvalidDataException($"{path}: expected a JSON array of evaluations, found null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: expected a JSON array of evaluations ({e.Message})");
        }
    }

    public static void Append(string runDir, IEnumerable<Evaluation> added)
    {
        var fresh = added.ToList();
        var kept = Read(runDir).Where(old => !fresh.Any(n => n.Iteration == old.Iteration && n.Metric == old.Metric));
        var all = kept.Concat(fresh).OrderBy(e => e.Iteration).ThenBy(e => e.Metric, StringComparer.Ordinal).ToList();
        AtomicFile.WriteAllText(PathIn(runDir), JsonSerializer.Serialize(all, SettingsJson.Options));
    }
}

/// <summary>Scores the generator of a run's last checkpoint and appends to its evaluations.json (`kdegan score` implements it).</summary>
public interface IRunEvaluator
{
    /// <summary>Evaluates <paramref name="paths"/>' checkpoint taken after <paramref name="iteration"/>; returns what it appended.</summary>
    IReadOnlyList<Evaluation> Evaluate(RunPaths paths, long iteration);
}
