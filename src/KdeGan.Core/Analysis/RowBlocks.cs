namespace KdeGan.Core.Analysis;

/// <summary>
/// How many rows of an N-column matrix the O(N^2) analyses process at once: about 128K
/// elements (512 KB in float32), so a block's temporaries stay in cache instead of streaming
/// whole N x N matrices through memory once per operation.
/// </summary>
internal static class RowBlocks
{
    private const long Elements = 1 << 17;

    public static long Rows(long columns) => Math.Max(1, Elements / Math.Max(1, columns));
}
