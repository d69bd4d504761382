using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace KdeGan.Core.Latent;

/// <summary>
/// The code-bank checkpoint format, little-endian throughout:
/// magic "KDGBANK1" (8 ASCII bytes); int32 mode (0 current batch, 1 window, 2 per example);
/// int32 code dimension d; int32 window K; int64 dataset size N (0 unless per example).
/// Batch modes then hold int32 batch count B and, oldest first, B times (int64 rows r, r x d
/// float32 row-major). Per-example mode holds N bytes (1 = slot has a code) and N x d float32.
/// Written to "path.tmp" and renamed, so a crash never leaves a half-written bank.
/// </summary>
public static class CodeBankFile
{
    /// <summary>The first eight bytes of every code-bank file.</summary>
    public const string Magic = "KDGBANK1";

    internal static void Write(string path, CodeBank bank, IReadOnlyList<Tensor> batches, Tensor? perExample, Tensor? known)
    {
        var temp = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
            WriteTo(writer, bank, batches, perExample, known);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The same bytes as a file, written into an open stream (a training checkpoint embeds the bank).</summary>
    internal static void WriteTo(BinaryWriter writer, CodeBank bank, IReadOnlyList<Tensor> batches, Tensor? perExample, Tensor? known)
    {
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write((int)bank.Mode);
        writer.Write(bank.CodeDim);
        writer.Write(bank.WindowBatches);
        writer.Write(bank.DatasetSize);
        if (bank.Mode == CodeBankMode.PerExample)
        {
            writer.Write(known!.data<bool>().ToArray().Select(k => k ? (byte)1 : (byte)0).ToArray());
            writer.Write(MemoryMarshal.AsBytes(perExample!.data<float>().ToArray().AsSpan()));
            return;
        }
        writer.Write(batches.Count);
        foreach (var b in batches)
        {
            writer.Write(b.shape[0]);
            writer.Write(MemoryMarshal.AsBytes(b.contiguous().data<float>().ToArray().AsSpan()));
        }
    }

    internal static CodeBank Read(string path, Func<CodeBankMode, int, int, long, CodeBank> create)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var bank = ReadFrom(reader, path, create);
        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            bank.Dispose();
            throw new InvalidDataException($"code bank {path}: expected {reader.BaseStream.Position} bytes, found {reader.BaseStream.Length}");
        }
        return bank;
    }

    /// <summary>Reads one bank from the reader's position; <paramref name="source"/> names the file in errors.</summary>
    internal static CodeBank ReadFrom(BinaryReader reader, string source, Func<CodeBankMode, int, int, long, CodeBank> create)
    {
        var path = source;
        CodeBank? bank = null;
        try
        {
            var magic = Encoding.ASCII.GetString(reader.ReadBytes(8));
            if (magic != Magic) throw new InvalidDataException($"code bank {path}: expected magic \"{Magic}\", found \"{magic}\"");
            var mode = reader.ReadInt32();
            if (!Enum.IsDefined(typeof(CodeBankMode), mode)) throw new InvalidDataException($"code bank {path}: expected mode 0, 1 or 2, found {mode}");
            var dim = reader.ReadInt32();
            var window = reader.ReadInt32();
            var size = reader.ReadInt64();
            bank = create((CodeBankMode)mode, dim, window, size);
            if (mode == (int)CodeBankMode.PerExample)
            {
                var known = ReadExactly(reader, size, path).Select(b => b != 0).ToArray();
                bank.Restore([], ReadFloats(reader, size * dim, path), known);
            }
            else
            {
                var count = reader.ReadInt32();
                var batches = new List<Tensor>();
                for (var i = 0; i < count; i++)
                {
                    var rows = reader.ReadInt64();
                    batches.Add(tensor(ReadFloats(reader, rows * dim, path), [rows, dim]).DetachFromDisposeScope());
                }
                bank.Restore(batches, null, null);
            }
            return bank;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            bank?.Dispose();
            if (e is InvalidDataException) throw;
            throw new InvalidDataException($"code bank {path}: the file ends early ({reader.BaseStream.Length} bytes); it is truncated");
        }
    }

    private static byte[] ReadExactly(BinaryReader reader, long count, string path)
    {
        var bytes = reader.ReadBytes(checked((int)count));
        if (bytes.Length != count)
            throw new InvalidDataException($"code bank {path}: the file ends early ({reader.BaseStream.Length} bytes); it is truncated");
        return bytes;
    }

    private static float[] ReadFloats(BinaryReader reader, long count, string path) =>
        MemoryMarshal.Cast<byte, float>(ReadExactly(reader, count * sizeof(float), path)).ToArray();
}
