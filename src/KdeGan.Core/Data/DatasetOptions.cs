namespace KdeGan.Core.Data;

/// <summary>Per-dataset settings for <see cref="DatasetCatalog.Load"/>; datasets without settings ignore them.</summary>
/// <param name="Mnist1000">MNIST1000 layout, bias, digit set, count and seed (defaults when null).</param>
/// <param name="CelebA">CelebA subset size and cache folder (defaults when null).</param>
public sealed record DatasetOptions(StackedMnistOptions? Mnist1000 = null, CelebAOptions? CelebA = null);
