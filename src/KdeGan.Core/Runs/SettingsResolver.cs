using System.Text.Json;
using System.Text.Json.Nodes;

namespace KdeGan.Core.Runs;

/// <summary>
/// Builds the resolved settings from the layers, each later one winning key by key:
/// defaults in code &lt;- experiment "settings" &lt;- built-in profile &lt;- experiment
/// "profiles.&lt;profile&gt;" &lt;- command-line `--set key=value`. Each layer is validated on its
/// own first, so an unknown key or a wrong type is reported with the file (or flag) it came from.
/// </summary>
public static class SettingsResolver
{
    public static RunSettings Resolve(ExperimentSpec? experiment, string profile, IEnumerable<string> overrides)
    {
        var merged = JsonSerializer.SerializeToNode(new RunSettings(), SettingsJson.Options)!.AsObject();
        if (experiment?.Settings is { } settings) Apply(merged, settings, $"{experiment.Path} (settings)");
        Apply(merged, BuiltInProfiles.For(profile), $"built-in profile '{profile}'");
        if (experiment?.Profiles?.GetValueOrDefault(profile) is { } fromFile) Apply(merged, fromFile, $"{experiment.Path} (profiles.{profile})");
        foreach (var assignment in overrides) Apply(merged, ParseAssignment(assignment), $"--set {assignment}");
        return SettingsJson.Read<RunSettings>(merged, "resolved settings");
    }

    static void Apply(JsonObject merged, JsonObject layer, string source)
    {
        SettingsJson.Read<RunSettings>(layer, source);
        SettingsJson.Merge(merged, layer);
    }

    /// <summary>
    /// `training.batch_size=50` becomes {"training":{"batch_size":50}}. The value is read as JSON
    /// when it parses (numbers, true/false, null, quoted strings) and as a plain string otherwise.
    /// </summary>
    public static JsonObject ParseAssignment(string assignment)
    {
        var eq = assignment.IndexOf('=');
        if (eq <= 0) throw new SettingsException("--set", assignment, "the form key.path=value");
        var path = assignment[..eq].Split('.');
        if (path.Any(string.IsNullOrWhiteSpace)) throw new SettingsException("--set", assignment, "a dotted key without empty parts");
        var text = assignment[(eq + 1)..];
        JsonNode? value;
        try { value = JsonNode.Parse(text); }
        catch (JsonException) { value = JsonValue.Create(text); }
        var root = new JsonObject();
        var node = root;
        foreach (var part in path[..^1])
        {
            var next = new JsonObject();
            node[part] = next;
            node = next;
        }
        node[path[^1]] = value;
        return root;
    }
}
