using System.Buffers.Binary;

namespace KdeGan.Core.Data;

/// <summary>
/// One numeric variable of a MATLAB v5 .mat file: its dimensions (column-major, as MATLAB
/// stores them), its MATLAB class and the raw little-endian bytes of its real part in the
/// storage type the file used (MATLAB may store a double array as, say, uint8).
/// </summary>
public sealed record MatArray(string Path, string Name, int[] Dims, int ClassId, int StorageType, byte[] Data)
{
    public const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6,
        MiSingle = 7, MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15;

    /// <summary>MATLAB array classes this reader decodes (mxDOUBLE_CLASS = 6 .. mxUINT64_CLASS = 15).</summary>
    public const int FirstNumericClass = 6, LastNumericClass = 15;

    /// <summary>Product of the dimensions.</summary>
    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>Bytes per element of a numeric storage type, 0 when the type is not numeric.</summary>
    public static int ElementSize(int storageType) => storageType switch
    {
        MiInt8 or MiUInt8 => 1,
        MiInt16 or MiUInt16 => 2,
        MiInt32 or MiUInt32 or MiSingle => 4,
        MiDouble or MiInt64 or MiUInt64 => 8,
        _ => 0,
    };

    /// <summary>The elements as bytes; the variable must be stored as uint8 (the SVHN images are).</summary>
    public byte[] UInt8Data() => StorageType == MiUInt8
        ? Data
        : throw new DatasetFormatException(Path, $"variable '{Name}' stored as uint8 (miUINT8 = {MiUInt8})", $"storage type {StorageType}");

    /// <summary>The elements converted to double, whatever numeric type stores them.</summary>
    public double[] ToDoubles()
    {
        var size = ElementSize(StorageType);
        var span = Data.AsSpan();
        var values = new double[Data.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            var e = span.Slice(i * size, size);
            values[i] = StorageType switch
            {
                MiInt8 => (sbyte)e[0],
                MiUInt8 => e[0],
                MiInt16 => BinaryPrimitives.ReadInt16LittleEndian(e),
                MiUInt16 => BinaryPrimitives.ReadUInt16LittleEndian(e),
                MiInt32 => BinaryPrimitives.ReadInt32LittleEndian(e),
                MiUInt32 => BinaryPrimitives.ReadUInt32LittleEndian(e),
                MiSingle => BinaryPrimitives.ReadSingleLittleEndian(e),
                MiDouble => BinaryPrimitives.ReadDoubleLittleEndian(e),
                MiInt64 => BinaryPrimitives.ReadInt64LittleEndian(e),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(e),
            };
        }
        return values;
    }
}
