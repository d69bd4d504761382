using System.Globalization;
using System.Text;

namespace KdeGan.Core.Runs;

/// <summary>log.txt of a run: timestamped event lines, kept across resumes, rewritten atomically on <see cref="Flush"/>.</summary>
public sealed class RunLog(string path)
{
    private readonly List<string> lines = [];

    public void Add(string text) =>
        lines.Add($"{DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} {text}");

    /// <summary>Keeps the lines of an earlier session (on resume).</summary>
    public void Restore()
    {
        lines.Clear();
        if (File.Exists(path)) lines.AddRange(File.ReadAllLines(path));
    }

    public void Flush() => AtomicFile.WriteAllText(path, new StringBuilder().AppendJoin('\n', lines).Append('\n').ToString());
}
