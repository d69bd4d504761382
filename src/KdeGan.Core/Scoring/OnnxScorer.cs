using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Scoring;

/// <summary>Class scores (logits; log-probabilities for probability models) and optional features, float32 on the CPU.</summary>
public sealed record ScoreOutput(Tensor Logits, Tensor? Features) : IDisposable
{
    public void Dispose()
    {
        Logits.Dispose();
        Features?.Dispose();
    }
}

/// <summary>
/// Runs any ONNX image classifier on images of our [-1, 1] N x C x H x W contract, in batches,
/// as its <see cref="ScorerDescriptor"/> says. Probability outputs are returned as their log so
/// that every metric can treat the result as logits.
/// </summary>
public sealed class OnnxScorer : IDisposable
{
    readonly InferenceSession session;
    readonly RunOptions runOptions = new();
    readonly int batchSize;

    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="descriptor">How to feed it and read it.</param>
    /// <param name="intraOpThreads">OnnxRuntime intra-op threads (0 = its default).</param>
    /// <param name="batchSize">Images per run (ignored when the graph fixes the batch).</param>
    public OnnxScorer(string modelPath, ScorerDescriptor descriptor, int intraOpThreads = 0, int batchSize = 250)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"scorer model {modelPath} not found (scorer {descriptor.Name})", modelPath);
        Descriptor = descriptor;
        this.batchSize = descriptor.FixedBatch ?? batchSize;
        using var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        session = new InferenceSession(modelPath, options);
        foreach (var name in new[] { descriptor.InputName }.Where(n => !session.InputMetadata.ContainsKey(n)))
            throw new ArgumentException($"{modelPath}: no input '{name}' (scorer {descriptor.Name}); inputs: {string.Join(", ", session.InputMetadata.Keys)}");
        foreach (var name in OutputNames.Where(n => !session.OutputMetadata.ContainsKey(n)))
            throw new ArgumentException($"{modelPath}: no output '{name}' (scorer {descriptor.Name}); outputs: {string.Join(", ", session.OutputMetadata.Keys)}");
    }

    public ScorerDescriptor Descriptor { get; }

    string[] OutputNames => Descriptor.FeaturesName is null
        ? [Descriptor.ClassOutputName]
        : [Descriptor.ClassOutputName, Descriptor.FeaturesName];

    /// <summary>Scores every image; the result holds N rows.</summary>
    public ScoreOutput Score(Tensor images)
    {
        var d = Descriptor;
        if (images.dim() != 4 || (images.shape[1] != d.Channels && !(images.shape[1] == 1 && d.Channels == 3)))
            throw new ArgumentException($"scorer {d.Name}: expected images N x {d.Channels} x H x W (or 1 channel), got [{string.Join(",", images.shape)}]");
        var logits = new List<Tensor>();
        var features = new List<Tensor>();
        try
        {
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                var count = Math.Min(batchSize, images.shape[0] - start);
                using var slice = images.narrow(0, start, count);
                var (l, f) = ScoreBatch(slice);
                logits.Add(l);
                if (f is not null) features.Add(f);
            }
            var logitsAll = cat(logits, 0);
            if (d.ClassOutput == ClassOutputKind.Probabilities) logitsAll.clamp_min_(1e-30f).log_();
            return new ScoreOutput(logitsAll, features.Count > 0 ? cat(features, 0) : null);
        }
        finally
        {
            foreach (var t in logits.Concat(features)) t.Dispose();
        }
    }

    (Tensor Logits, Tensor? Features) ScoreBatch(Tensor batch)
    {
        var d = Descriptor;
        float[] input;
        long[] shape;
        using (NewDisposeScope())
        {
            var x = batch.to_type(ScalarType.Float32);
            if (x.shape[1] == 1 && d.Channels == 3) x = x.expand(-1, 3, -1, -1);
            if (x.shape[2] != d.Height || x.shape[3] != d.Width)
                x = nn.functional.interpolate(x, [d.Height, d.Width], mode: InterpolationMode.Bilinear, align_corners: false);
            x = x * d.PixelScale + d.PixelOffset;
            if (d.Layout == TensorLayout.Nhwc) x = x.permute(0, 2, 3, 1);
            x = x.contiguous();
            input = x.data<float>().ToArray();
            shape = x.shape;
        }
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var outputs = session.Run(runOptions, [d.InputName], [inputValue], OutputNames);
        var rows = shape[0];
        var logits = ToTensor(outputs[0], rows);
        return (logits, d.FeaturesName is null ? null : ToTensor(outputs[1], rows));
    }

    /// <summary>Copies an output into a rows x (rest) float32 tensor, flattening e.g. N x 2048 x 1 x 1.</summary>
    static Tensor ToTensor(OrtValue value, long rows)
    {
        var data = value.GetTensorDataAsSpan<float>().ToArray();
        return tensor(data, [rows, data.Length / rows]);
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }
}
