namespace KdeGan.Core.Data;

/// <summary>What one split of a dataset holds: count, image shape, label histogram (index = label) and value range.</summary>
public sealed record SplitSummary(string Split, long Count, int Channels, int Height, int Width, long[] Histogram, float Min, float Max);

/// <summary>
/// The verification of one dataset: its files (name and bytes), the splits that loaded and
/// every problem found, each naming the file or split and what was expected.
/// </summary>
public sealed record DatasetReport(
    string Name, string Folder, IReadOnlyList<(string File, long Bytes)> Files,
    IReadOnlyList<SplitSummary> Splits, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;
}
