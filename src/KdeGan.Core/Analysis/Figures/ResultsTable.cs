using System.Globalization;
using System.Text;
using KdeGan.Core.Runs;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>
/// The CSV files drivers write and reports read: a header line, then one line per row, values in
/// invariant culture (round-trip precision for numbers). No quoting: values never hold commas.
/// </summary>
public sealed class ResultsTable
{
    readonly string[] _header;
    readonly List<string[]> _rows = [];

    public ResultsTable(params string[] header) => _header = header;

    public string Path { get; private init; } = "";
    public IReadOnlyList<string> Header => _header;
    public int Count => _rows.Count;

    public void Add(params object[] values)
    {
        if (values.Length != _header.Length)
            throw new ArgumentException($"results row of {values.Length} values for {_header.Length} columns ({string.Join(",", _header)})");
        _rows.Add(values.Select(Format).ToArray());
    }

    public void Save(string path)
    {
        var text = new StringBuilder().AppendLine(string.Join(",", _header));
        foreach (var row in _rows) text.AppendLine(string.Join(",", row));
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a table; a missing file or a ragged row is an error naming the file.</summary>
    public static ResultsTable Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"results file {path} not found", path);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path}: empty, expected a CSV header");
        var table = new ResultsTable(lines[0].Split(',')) { Path = path };
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != table._header.Length)
                throw new InvalidDataException($"{path}: line {i + 1} has {cells.Length} values, expected {table._header.Length}");
            table._rows.Add(cells);
        }
        return table;
    }

    /// <summary>The rows whose <paramref name="column"/> equals <paramref name="value"/>.</summary>
    public ResultsTable Where(string column, string value)
    {
        var c = Index(column);
        var table = new ResultsTable(_header) { Path = Path };
        table._rows.AddRange(_rows.Where(r => r[c] == value));
        return table;
    }

    public string[] Text(string column)
    {
        var c = Index(column);
        return _rows.Select(r => r[c]).ToArray();
    }

    public double[] Numbers(string column)
    {
        var c = Index(column);
        return _rows.Select((r, i) => double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"{Path}: row {i + 1} column {column}: expected a number, found '{r[c]}'")).ToArray();
    }

    int Index(string column)
    {
        var c = Array.IndexOf(_header, column);
        return c >= 0 ? c : throw new InvalidDataException($"{Path}: no column '{column}' (columns: {string.Join(", ", _header)})");
    }

    static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
