namespace KdeGan.Core.Runs;

/// <summary>A bad setting: names where it came from (file or command line), the key, and what was wrong.</summary>
public sealed class SettingsException(string source, string key, string problem)
    : Exception($"{source}: setting {key}: {problem}")
{
    public string Origin { get; } = source;
    public string Key { get; } = key;
}
