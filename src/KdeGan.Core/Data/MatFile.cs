using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace KdeGan.Core.Data;

/// <summary>
/// A small reader for MATLAB 5 .mat files (the format of the SVHN files): little-endian files,
/// top-level miMATRIX elements, plain or inside miCOMPRESSED (zlib) elements. Real numeric
/// arrays are returned; other classes (cell, struct, char, sparse) are skipped.
/// </summary>
public static class MatFile
{
    public const int HeaderBytes = 128;

    /// <summary>The numeric variables of the file by name.</summary>
    public static IReadOnlyDictionary<string, MatArray> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"MATLAB file {path} not found", path);
        var bytes = File.ReadAllBytes(path);
        CheckHeader(path, bytes);
        var variables = new Dictionary<string, MatArray>();
        var offset = HeaderBytes;
        while (offset < bytes.Length)
        {
            var (type, size, dataStart, next) = Tag(path, bytes, offset, "top-level element");
            // a compressed element holds one complete element; the compressed bytes are not padded
            var (buffer, at) = type == MatArray.MiCompressed ? (Inflate(path, bytes, dataStart, size, offset), 0) : (bytes, offset);
            var (innerType, innerSize, innerStart, _) = Tag(path, buffer, at, "element");
            if (innerType != MatArray.MiMatrix)
                throw new DatasetFormatException(path, $"miMATRIX ({MatArray.MiMatrix}) elements", $"data type {innerType} at byte {offset}");
            if (innerSize > 0 && ParseMatrix(path, buffer, innerStart, innerSize) is { } variable)
                variables[variable.Name] = variable;
            offset = type == MatArray.MiCompressed ? dataStart + size : next;
        }
        return variables;
    }

    static void CheckHeader(string path, byte[] bytes)
    {
        if (bytes.Length < HeaderBytes)
            throw new DatasetFormatException(path, $"a MATLAB 5 header of {HeaderBytes} bytes", $"{bytes.Length} bytes");
        if (bytes[126] == (byte)'M' && bytes[127] == (byte)'I')
            throw new DatasetFormatException(path, "a little-endian MATLAB file (endian indicator 'IM')", "a big-endian file ('MI'), which this reader does not support");
        if (bytes[126] != (byte)'I' || bytes[127] != (byte)'M')
            throw new DatasetFormatException(path, "MATLAB 5 endian indicator 'IM' at bytes 126-127",
                $"0x{bytes[126]:X2} 0x{bytes[127]:X2} (not a MATLAB 5 .mat file; v7.3 files are HDF5)");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(124, 2));
        if (version != 0x0100)
            throw new DatasetFormatException(path, "MATLAB 5 version 0x0100", $"0x{version:X4}");
    }

    /// <summary>
    /// Reads the tag at <paramref name="offset"/>: type, byte count, where the data start and
    /// where the next element starts (data padded to 8 bytes; the 4-byte small element format
    /// packs up to 4 bytes of data into the tag itself).
    /// </summary>
    static (int Type, int Size, int DataStart, int Next) Tag(string path, byte[] bytes, int offset, string what)
    {
        if (offset + 8 > bytes.Length)
            throw new DatasetFormatException(path, $"an 8-byte {what} tag at byte {offset}", $"the data end at byte {bytes.Length}");
        var first = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset, 4));
        if (first >> 16 != 0) return ((int)(first & 0xFFFF), (int)(first >> 16), offset + 4, offset + 8);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4, 4));
        var dataStart = offset + 8;
        if (dataStart + (long)size > bytes.Length)
            throw new DatasetFormatException(path, $"{size} bytes of a {what} of type {first} starting at byte {dataStart}",
                $"only {bytes.Length - dataStart} bytes left (file truncated?)");
        var padded = Math.Min(bytes.Length, dataStart + (int)((size + 7) & ~7L));
        return ((int)first, (int)size, dataStart, padded);
    }

    static byte[] Inflate(string path, byte[] bytes, int start, int size, int tagOffset)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(bytes, start, size, writable: false), CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"a valid zlib stream in the miCOMPRESSED element at byte {tagOffset}", $"corrupt data ({e.Message})");
        }
    }

    static MatArray? ParseMatrix(string path, byte[] bytes, int start, int size)
    {
        var end = start + size;
        var (_, flagsSize, flagsStart, next) = Tag(path, bytes, start, "array flags");
        if (flagsSize < 4) throw new DatasetFormatException(path, "8 bytes of array flags", $"{flagsSize} bytes");
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(flagsStart, 4));
        var classId = (int)(flags & 0xFF);
        var (_, dimsSize, dimsStart, afterDims) = Tag(path, bytes, next, "dimensions");
        var dims = Enumerable.Range(0, dimsSize / 4)
            .Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(dimsStart + 4 * i, 4))).ToArray();
        var (_, nameSize, nameStart, afterName) = Tag(path, bytes, afterDims, "array name");
        var name = Encoding.ASCII.GetString(bytes, nameStart, nameSize);
        if (classId < MatArray.FirstNumericClass || classId > MatArray.LastNumericClass) return null;
        if ((flags & 0x800) != 0)
            throw new DatasetFormatException(path, $"a real array '{name}'", "a complex array");
        var (storage, dataSize, dataStart, _) = Tag(path, bytes, afterName, $"data of '{name}'");
        if (dataStart + dataSize > end)
            throw new DatasetFormatException(path, $"the data of '{name}' inside its {size}-byte miMATRIX element", $"{dataSize} bytes running past its end");
        var elementSize = MatArray.ElementSize(storage);
        if (elementSize == 0)
            throw new DatasetFormatException(path, $"a numeric storage type for '{name}'", $"data type {storage}");
        var array = new MatArray(path, name, dims, classId, storage, bytes.AsSpan(dataStart, dataSize).ToArray());
        if (array.ElementCount * elementSize != dataSize)
            throw new DatasetFormatException(path, $"{array.ElementCount * elementSize} data bytes for '{name}' of size {string.Join("x", dims)}",
                $"{dataSize} bytes");
        return array;
    }
}
