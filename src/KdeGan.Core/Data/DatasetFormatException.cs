namespace KdeGan.Core.Data;

/// <summary>
/// A dataset file that is not what its format promises: the message names the file, what was
/// expected and what was found. Readers never return a silently shorter dataset.
/// </summary>
public sealed class DatasetFormatException(string path, string expected, string found)
    : Exception($"{path}: expected {expected}, found {found}")
{
    public string Path { get; } = path;
}
