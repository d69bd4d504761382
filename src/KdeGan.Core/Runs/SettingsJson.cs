using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KdeGan.Core.Runs;

/// <summary>
/// The one JSON dialect of configs and manifests: snake_case keys, unknown keys rejected,
/// nulls only where a setting is nullable, and a canonical form (sorted keys, compact) for hashing.
/// </summary>
public static class SettingsJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Deserialises <paramref name="node"/>, turning any JSON error into a <see cref="SettingsException"/> naming <paramref name="source"/> and the key.</summary>
    public static T Read<T>(JsonNode? node, string source)
    {
        try
        {
            return node.Deserialize<T>(Options) ?? throw new SettingsException(source, "$", "an object, found null");
        }
        catch (JsonException e)
        {
            // The position STJ appends refers to the merged layer, not to the file: keep the key path only.
            var problem = e.Message.Split(" Path: ")[0];
            throw new SettingsException(source, e.Path ?? "$", problem);
        }
    }

    /// <summary>Parses a JSON file, naming the file on a syntax error.</summary>
    public static JsonNode ParseFile(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
                   ?? throw new SettingsException(path, "$", "a JSON object, found null");
        }
        catch (JsonException e)
        {
            throw new SettingsException(path, e.Path ?? "$", e.Message);
        }
    }

    /// <summary>Copies every key of <paramref name="layer"/> into <paramref name="target"/>; objects merge key by key, anything else replaces.</summary>
    public static void Merge(JsonObject target, JsonObject layer)
    {
        foreach (var (key, value) in layer)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing) Merge(existing, inner);
            else target[key] = value?.DeepClone();
        }
    }

    /// <summary>Compact JSON with object keys sorted ordinally at every level: equal settings give equal text.</summary>
    public static string Canonical(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
