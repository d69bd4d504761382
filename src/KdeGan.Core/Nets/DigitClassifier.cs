using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KdeGan.Core.Nets;

/// <summary>
/// The project's MNIST digit scorer: three conv-BN-ReLU-maxpool blocks (28 -> 14 -> 7 -> 3),
/// then a 576 -> 128 hidden layer (its output is the feature vector) and 10 logits.
/// Built as a plain TorchSharp Sequential of named layers so that
/// <see cref="Scoring.OnnxExport"/> can walk it; about 0.17 M parameters (under 1 MiB as ONNX).
/// </summary>
public static class DigitClassifier
{
    /// <summary>Classes the scorer predicts.</summary>
    public const int Classes = 10;

    /// <summary>A freshly initialised classifier for 1 x 28 x 28 images in [-1, 1].</summary>
    public static Sequential Create() => Sequential(
        ("conv1", Conv2d(1, 32, 3, padding: 1)), ("bn1", BatchNorm2d(32)), ("relu1", ReLU()), ("pool1", MaxPool2d(2)),
        ("conv2", Conv2d(32, 64, 3, padding: 1)), ("bn2", BatchNorm2d(64)), ("relu2", ReLU()), ("pool2", MaxPool2d(2)),
        ("conv3", Conv2d(64, 64, 3, padding: 1)), ("bn3", BatchNorm2d(64)), ("relu3", ReLU()), ("pool3", MaxPool2d(2)),
        ("flatten", Flatten()),
        ("fc1", Linear(64 * 3 * 3, 128)), ("relu4", ReLU()), ("drop", Dropout(0.3)),
        ("logits", Linear(128, Classes)));
}
