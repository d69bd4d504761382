namespace KdeGan.Core.Scoring;

/// <summary>Memory layout the model expects for its image input.</summary>
public enum TensorLayout { Nchw, Nhwc }

/// <summary>What the model's class output holds.</summary>
public enum ClassOutputKind { Logits, Probabilities }

/// <summary>
/// How to feed one ONNX image classifier from our [-1, 1] N x C x H x W contract and where its
/// answers are. The model input is <c>x * PixelScale + PixelOffset</c> after a bilinear resize
/// to <see cref="Height"/> x <see cref="Width"/> and, for 1-channel images into a 3-channel
/// model, the grey channel repeated three times.
/// </summary>
/// <param name="Name">Scorer name recorded beside every number it produces.</param>
/// <param name="InputName">Graph input name.</param>
/// <param name="Layout">NCHW or NHWC.</param>
/// <param name="Channels">Channels the model expects (1 or 3).</param>
/// <param name="Height">Input height the images are resized to.</param>
/// <param name="Width">Input width the images are resized to.</param>
/// <param name="PixelScale">Multiplier from [-1, 1] to the model's pixel range.</param>
/// <param name="PixelOffset">Offset added after scaling.</param>
/// <param name="ClassOutputName">Graph output holding the class scores.</param>
/// <param name="ClassOutput">Whether that output holds logits or softmax probabilities.</param>
/// <param name="FeaturesName">Graph output holding features (for FID/KID), if the model has one.</param>
/// <param name="FixedBatch">The batch size baked into the graph, if any (e.g. 1).</param>
public sealed record ScorerDescriptor(
    string Name,
    string InputName,
    TensorLayout Layout,
    int Channels,
    int Height,
    int Width,
    double PixelScale,
    double PixelOffset,
    string ClassOutputName,
    ClassOutputKind ClassOutput,
    string? FeaturesName = null,
    int? FixedBatch = null);
