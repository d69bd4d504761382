namespace KdeGan.Core.Scoring;

/// <summary>Descriptors of the scorers the project knows: its own, the reference models, Inception-v3.</summary>
public static class ScorerCatalog
{
    /// <summary>Datasets the project trains its own scorer for.</summary>
    public static readonly IReadOnlyList<string> OwnDatasets = ["mnist", "cifar10", "svhn"];

    /// <summary>Where the project's own scorers are committed: results/scorers/ below the repository root.</summary>
    public static string OwnModelsDir(string repositoryRoot) => Path.Combine(repositoryRoot, "results", "scorers");

    /// <summary>The committed ONNX file of our own scorer for <paramref name="dataset"/>.</summary>
    public static string OwnModelPath(string repositoryRoot, string dataset) => Path.Combine(OwnModelsDir(repositoryRoot), dataset + ".onnx");

    /// <summary>Our own exported classifier for <paramref name="dataset"/> (see <see cref="OnnxExport"/>): [-1, 1] input as is.</summary>
    public static ScorerDescriptor Own(string dataset) => dataset switch
    {
        "mnist" => OwnDescriptor(dataset, 1, 28),
        "cifar10" or "svhn" => OwnDescriptor(dataset, 3, 32),
        _ => throw new ArgumentException($"no own scorer for dataset '{dataset}'; known: {string.Join(", ", OwnDatasets)}"),
    };

    /// <summary>ONNX model zoo mnist-8: batch fixed to 1, raw 0..255 input, logits.</summary>
    public static readonly ScorerDescriptor MnistZoo = new(
        "onnx-zoo-mnist-8", "Input3", TensorLayout.Nchw, 1, 28, 28, 127.5, 127.5,
        "Plus214_Output_0", ClassOutputKind.Logits, FixedBatch: 1);

    /// <summary>Third-party SqueezeNet CIFAR-10: NHWC RGB in [0, 1], softmax probabilities.</summary>
    public static readonly ScorerDescriptor SqueezeNetCifar10 = new(
        "squeezenet-cifar10", "input_1", TensorLayout.Nhwc, 3, 32, 32, 0.5, 0.5,
        "loss", ClassOutputKind.Probabilities);

    /// <summary>
    /// The standard Inception-v3 (1008 logits, 2048 pool features): 299 x 299 bilinear, pixels
    /// (p - 128) / 128, which from our [-1, 1] contract is the identity. Output names vary by
    /// conversion, so they are parameters.
    /// </summary>
    public static ScorerDescriptor InceptionV3(string inputName = "input", string logitsName = "logits", string featuresName = "pool3") => new(
        "inception-v3", inputName, TensorLayout.Nchw, 3, 299, 299, 1.0, 0.0, logitsName, ClassOutputKind.Logits, featuresName);

    /// <summary>Logit count of the standard Inception-v3.</summary>
    public const int InceptionLogits = 1008;

    /// <summary>Pool feature length of the standard Inception-v3.</summary>
    public const int InceptionFeatures = 2048;

    static ScorerDescriptor OwnDescriptor(string dataset, int channels, int size) => new(
        $"kdegan-{dataset}", OnnxExport.InputName, TensorLayout.Nchw, channels, size, size, 1.0, 0.0,
        OnnxExport.LogitsName, ClassOutputKind.Logits, OnnxExport.FeaturesName);
}
