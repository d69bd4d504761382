using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace KdeGan.Core.Data;

/// <summary>
/// Fetches dataset files: each into a temporary file next to its destination, checked against
/// its checksum and its announced length, renamed only when complete. Archives unpack into a
/// temporary folder that is moved into place. Every step is reported through a callback.
/// </summary>
public static class DatasetDownload
{
    /// <summary>Fetches every file of <paramref name="source"/> below <paramref name="dataRoot"/>; a manual-only source is an error saying what to do.</summary>
    public static async Task FetchAsync(HttpClient http, DatasetSource source, string dataRoot, Action<string> report, CancellationToken cancel = default)
    {
        if (source.Manual != null)
            throw new InvalidOperationException($"{source.Name} cannot be fetched automatically: {source.Manual}");
        var dir = Path.Combine(dataRoot, source.Folder);
        var created = !Directory.Exists(dir);
        try
        {
            foreach (var file in source.Files)
                await FetchFileAsync(http, file, dir, report, cancel);
        }
        catch
        {
            // An empty dataset folder would read as "data present" to the experiment runner.
            if (created && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
            throw;
        }
    }

    /// <summary>
    /// Fetches one file into <paramref name="dir"/> from the first mirror that delivers it intact
    /// and returns its path (or, for an archive, the folder it unpacked into). A file already
    /// there with the right checksum is kept.
    /// </summary>
    public static async Task<string> FetchFileAsync(HttpClient http, RemoteFile file, string dir, Action<string> report, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, file.FileName);
        if (File.Exists(target) && DigestFile(file.Checksum.Algorithm, target) == file.Checksum.Hex)
        {
            report($"{target}: present, {file.Checksum.Algorithm} matches");
            return file.ExtractTarGz ? Extract(target, dir, report) : target;
        }
        var failures = new List<Exception>();
        foreach (var url in file.Urls)
        {
            try
            {
                var bytes = await DownloadVerifiedAsync(http, url, file.Checksum, target, cancel);
                report($"fetched {url} -> {target} ({bytes:N0} bytes, {file.Checksum.Algorithm} {file.Checksum.Hex} verified)");
                return file.ExtractTarGz ? Extract(target, dir, report) : target;
            }
            catch (DownloadException e) when (file.Urls.Count > 1)
            {
                report($"{e.Message}; trying the next mirror");
                failures.Add(e);
            }
        }
        throw new AggregateException($"no mirror delivered {file.FileName}", failures);
    }

    static async Task<long> DownloadVerifiedAsync(HttpClient http, string url, Checksum checksum, string target, CancellationToken cancel)
    {
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        long received = 0;
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel);
            if (!response.IsSuccessStatusCode)
                throw new DownloadException(url, "HTTP 200", $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            var announced = response.Content.Headers.ContentLength;
            using var hash = IncrementalHash.CreateHash(HashName(checksum.Algorithm));
            await using (var output = File.Create(temp))
            await using (var input = await response.Content.ReadAsStreamAsync(cancel))
            {
                var buffer = new byte[1 << 16];
                for (int n; (n = await input.ReadAsync(buffer, cancel)) > 0; received += n)
                {
                    hash.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), cancel);
                }
            }
            if (announced is { } length && received != length)
                throw new DownloadException(url, $"{length} bytes (Content-Length)", $"{received} bytes");
            var found = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (found != checksum.Hex)
                throw new DownloadException(url, $"{checksum.Algorithm} {checksum.Hex}", $"{checksum.Algorithm} {found} ({received} bytes)");
            File.Move(temp, target, overwrite: true);
            return received;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new DownloadException(url, "a complete response", $"a broken transfer after {received} bytes ({e.Message})", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Unpacks a .tar.gz into a temporary folder, moves its top-level entries into <paramref name="dir"/>, then deletes the archive.</summary>
    static string Extract(string archive, string dir, Action<string> report)
    {
        var temp = Path.Combine(dir, $".extract-{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            using (var gz = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gz, temp, overwriteFiles: true);
            var entries = Directory.GetFileSystemEntries(temp);
            foreach (var entry in entries)
            {
                var destination = Path.Combine(dir, Path.GetFileName(entry));
                if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
                if (Directory.Exists(entry)) Directory.Move(entry, destination);
                else File.Move(entry, destination, overwrite: true);
            }
            File.Delete(archive);
            report($"unpacked {archive} into {dir}: {string.Join(", ", entries.Select(Path.GetFileName))}");
            return dir;
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(archive, "a readable .tar.gz archive", $"corrupt data ({e.Message})");
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Lower-case hex digest of the file at <paramref name="path"/> with "sha256" or "md5".</summary>
    public static string DigestFile(string algorithm, string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(CryptographicOperations.HashData(HashName(algorithm), stream));
    }

    static HashAlgorithmName HashName(string algorithm) => algorithm switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "md5" => HashAlgorithmName.MD5,
        _ => throw new ArgumentException($"unknown checksum algorithm '{algorithm}'; known: sha256, md5"),
    };
}
