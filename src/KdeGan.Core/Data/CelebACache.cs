using System.Security.Cryptography;
using System.Text;

namespace KdeGan.Core.Data;

/// <summary>
/// The decoded 64 x 64 CelebA pixels and labels, kept in one binary file so that only the first
/// load decodes JPEGs. The file name carries a hash of the image list (names and sizes), the
/// crop and the size, so a changed list makes a new cache instead of reading a stale one.
/// </summary>
public static class CelebACache
{
    const int Magic = 0x4B434131; // "KCA1"

    /// <summary>
    /// The cache folder: <c>.kdegan-cache</c> next to the images when their folder is writable
    /// by its owner, else the user's local data folder (shared read-only copies stay untouched).
    /// </summary>
    public static string Folder(string celebaDir)
    {
        var local = Path.Combine(celebaDir, ".kdegan-cache");
        if (Directory.Exists(local)) return local;
        var writable = OperatingSystem.IsWindows()
            ? !new DirectoryInfo(celebaDir).Attributes.HasFlag(FileAttributes.ReadOnly)
            : (File.GetUnixFileMode(celebaDir) & UnixFileMode.UserWrite) != 0;
        return writable
            ? local
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "kdegan", "cache");
    }

    /// <summary>The cache file for exactly these image files in <paramref name="folder"/>.</summary>
    public static string PathFor(string folder, IReadOnlyList<string> files)
    {
        var list = new StringBuilder($"{CelebAImage.CropSide}:{CelebAImage.Side}\n");
        for (var i = 0; i < files.Count; i++)
            list.Append(Path.GetFileName(files[i])).Append(':').Append(new FileInfo(files[i]).Length).Append('\n');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(list.ToString())));
        return Path.Combine(folder, $"celeba-{CelebAImage.Side}-{files.Count}-{hash[..16]}.bin");
    }

    /// <summary>The cached pixels, or null when the file is absent or not a complete cache of <paramref name="count"/> images.</summary>
    public static byte[]? TryRead(string path, int count)
    {
        if (!File.Exists(path)) return null;
        using var reader = new BinaryReader(File.OpenRead(path));
        var expected = 8L + (long)count * CelebAImage.Bytes;
        if (reader.BaseStream.Length != expected || reader.ReadInt32() != Magic || reader.ReadInt32() != count) return null;
        return reader.ReadBytes(count * CelebAImage.Bytes);
    }

    /// <summary>Writes the cache through a temporary file renamed when complete.</summary>
    public static void Write(string path, byte[] pixels, int count)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            writer.Write(Magic);
            writer.Write(count);
            writer.Write(pixels);
        }
        File.Move(temp, path, overwrite: true);
    }
}
