using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KdeGan.Core.Nets;

/// <summary>
/// The project's CIFAR-10 (and SVHN) scorer: a small VGG-style net, two conv-BN-ReLU layers per
/// block at 16, 32 and 64 channels, max-pooling 32 -> 16 -> 8 -> 4 -> 2, then 256 -> 128
/// features and 10 logits. About 0.1 M parameters: narrow enough to train on a shared 2-core
/// CPU (about 10 M multiply-adds per image) and far below the 2 MiB ONNX budget.
/// </summary>
public static class CifarClassifier
{
    /// <summary>Classes the scorer predicts.</summary>
    public const int Classes = 10;

    /// <summary>A freshly initialised classifier for 3 x 32 x 32 images in [-1, 1].</summary>
    public static Sequential Create()
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        var inChannels = 3;
        var block = 0;
        foreach (var channels in new[] { 16, 32, 64 })
        {
            block++;
            for (var i = 1; i <= 2; i++)
            {
                layers.Add(($"conv{block}_{i}", Conv2d(inChannels, channels, 3, padding: 1)));
                layers.Add(($"bn{block}_{i}", BatchNorm2d(channels)));
                layers.Add(($"relu{block}_{i}", ReLU()));
                inChannels = channels;
            }
            layers.Add(($"pool{block}", MaxPool2d(2)));
        }
        layers.Add(("pool4", MaxPool2d(2)));
        layers.Add(("flatten", Flatten()));
        layers.Add(("fc1", Linear(64 * 2 * 2, 128)));
        layers.Add(("relu_fc", ReLU()));
        layers.Add(("drop", Dropout(0.3)));
        layers.Add(("logits", Linear(128, Classes)));
        return Sequential(layers);
    }
}
