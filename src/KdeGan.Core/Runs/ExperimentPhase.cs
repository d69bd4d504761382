using System.Text.Json.Nodes;

namespace KdeGan.Core.Runs;

/// <summary>
/// One phase of a phased experiment (Table 2): its own run folder
/// results/&lt;artifact&gt;/&lt;profile&gt;/&lt;dataset&gt;/&lt;method&gt;/&lt;phase&gt;/seed-&lt;k&gt;/, optional
/// setting overrides, an optional digit restriction of MNIST1000, and optionally the phase whose
/// final checkpoint it continues from (networks, optimisers and method state carry over; the
/// batch order restarts on the phase's data; iterations count on).
/// <code>{ "name": "restricted", "digits": [6, 7, 8, 9] },
/// { "name": "after_restriction", "continue_from": "restricted" }, { "name": "full" }</code>
/// </summary>
public sealed record ExperimentPhase
{
    public required string Name { get; init; }
    /// <summary>Restrict every MNIST1000 slot to these digits (only for dataset mnist1000).</summary>
    public int[]? Digits { get; init; }
    /// <summary>The earlier phase whose final checkpoint this one starts from.</summary>
    public string? ContinueFrom { get; init; }
    /// <summary>Overrides of <see cref="RunSettings"/> for this phase, applied after the experiment's "settings".</summary>
    public JsonObject? Settings { get; init; }
}

/// <summary>
/// What `kdegan score` computes for an experiment's runs and when:
/// <code>"evaluation": { "metrics": ["is", "fid", "kid", "nn", "modes"], "every": { "smoke": 10, "cpu": 300 },
///   "samples": { "smoke": 200, "cpu": 2000, "paper": 10000 } }</code>
/// "every" (per profile) evaluates during training at checkpoints that are multiples of it (it
/// must be a multiple of training.checkpoint_every); the final generator is always evaluated.
/// </summary>
public sealed record EvaluationSpec
{
    public static readonly IReadOnlyList<string> KnownMetrics = ["is", "fid", "kid", "nn", "modes"];

    public string[] Metrics { get; init; } = ["is"];
    public Dictionary<string, long>? Every { get; init; }
    /// <summary>Generated images per evaluation, per profile (default 1000).</summary>
    public Dictionary<string, int>? Samples { get; init; }

    public long? EveryFor(string profile) => Every?.GetValueOrDefault(profile) is > 0 and var e ? e : null;
    public int SamplesFor(string profile) => Samples?.GetValueOrDefault(profile) is > 0 and var n ? n : 1000;

    /// <summary>The metrics not yet in <paramref name="logged"/> after <paramref name="iteration"/>.</summary>
    public IReadOnlyList<string> MissingAt(IEnumerable<Evaluation> logged, long iteration)
    {
        var done = logged.Where(e => e.Iteration == iteration).Select(e => e.Metric).ToHashSet();
        return Metrics.Where(m => !done.Contains(m)).ToList();
    }

    /// <summary>
    /// Whether a run that ended after <paramref name="iterations"/> already holds the evaluations
    /// this spec makes during training at <paramref name="profile"/>: every metric after every
    /// multiple of "every", from as many samples as asked. (The final evaluation is added later
    /// when missing, so it is not required here.)
    /// </summary>
    public bool CoversTraining(IEnumerable<Evaluation> logged, string profile, long iterations)
    {
        if (EveryFor(profile) is not { } every) return true;
        var samples = SamplesFor(profile);
        var have = logged.Where(e => e.NFake == samples).Select(e => (e.Metric, e.Iteration)).ToHashSet();
        for (var i = every; i <= iterations; i += every)
            if (Metrics.Any(m => !have.Contains((m, i)))) return false;
        return true;
    }
}
