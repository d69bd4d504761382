namespace KdeGan.Core.Data;

/// <summary>A download that did not deliver the promised file: names the URL, what was expected and what came.</summary>
public sealed class DownloadException(string url, string expected, string found, Exception? inner = null)
    : Exception($"{url}: expected {expected}, found {found}", inner)
{
    public string Url { get; } = url;
}
