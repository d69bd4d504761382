using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Data;

/// <summary>
/// SVHN cropped digits from the official MATLAB files (train_32x32.mat, test_32x32.mat):
/// X is 32 x 32 x 3 x N uint8 in MATLAB's column-major order (row index fastest), y is N x 1
/// with 1..10 where 10 means the digit 0. Images become N x 3 x 32 x 32 in [-1, 1], labels 0..9.
/// </summary>
public static class Svhn
{
    public const int Side = 32;

    public static string FileName(bool train) => train ? "train_32x32.mat" : "test_32x32.mat";

    /// <summary>Loads the train (73,257) or test (26,032) split from <paramref name="dir"/>.</summary>
    public static ImageDataset Load(string dir, bool train)
    {
        var path = Path.Combine(dir, FileName(train));
        var variables = MatFile.Read(path);
        var x = Variable(path, variables, "X");
        var y = Variable(path, variables, "y");
        if (x.Dims.Length != 4 || x.Dims[0] != Side || x.Dims[1] != Side || x.Dims[2] != 3)
            throw new DatasetFormatException(path, "X of size 32x32x3xN", $"X of size {string.Join("x", x.Dims)}");
        var count = x.Dims[3];
        if (y.ElementCount != count || y.Dims.Count(d => d != 1) > 1)
            throw new DatasetFormatException(path, $"y of size {count}x1 (one label per image)", $"y of size {string.Join("x", y.Dims)}");
        var labels = y.ToDoubles().Select((v, i) => v is >= 1 and <= 10 && v == Math.Floor(v)
            ? (long)v % 10
            : throw new DatasetFormatException(path, "labels 1..10 in y", $"{v} at index {i}")).ToArray();
        return new ImageDataset(train ? "svhn/train" : "svhn/test", Images(x.UInt8Data(), count), tensor(labels));
    }

    static MatArray Variable(string path, IReadOnlyDictionary<string, MatArray> variables, string name) =>
        variables.TryGetValue(name, out var v)
            ? v
            : throw new DatasetFormatException(path, $"a numeric variable '{name}'", $"variables [{string.Join(", ", variables.Keys)}]");

    /// <summary>
    /// Column-major X(row, col, channel, n) sits at row + 32 col + 1024 channel + 3072 n, so the
    /// bytes read as n x channel x col x row; swapping the last two axes gives N x C x H x W.
    /// </summary>
    static Tensor Images(byte[] columnMajor, int count)
    {
        using var scope = NewDisposeScope();
        var colRow = PixelTensor.FromBytes(columnMajor, count, 3, Side, Side);
        return colRow.transpose(2, 3).contiguous().MoveToOuterDisposeScope();
    }
}
