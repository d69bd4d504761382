using KdeGan.Core.Runs;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KdeGan.Core.Scoring;

/// <summary>
/// Writes a trained TorchSharp classifier as an ONNX graph (TorchSharp cannot export ONNX).
/// Handles the layers our scorers use: Conv2d (with a following BatchNorm2d folded in, in
/// float64), ReLU, MaxPool2d, Flatten, Linear (as Gemm); Dropout is the identity at inference.
/// The graph has one input <see cref="InputName"/> (N x C x H x W, N symbolic) and two outputs:
/// <see cref="LogitsName"/> and <see cref="FeaturesName"/>, the input of the last Linear.
/// </summary>
public static class OnnxExport
{
    public const string InputName = "input";
    public const string LogitsName = "logits";
    public const string FeaturesName = "features";
    const int Opset = 13;

    /// <summary>The ONNX model of <paramref name="net"/> for inputs of shape C x H x W.</summary>
    public static ModelProto ToModel(Sequential net, int channels, int height, int width)
    {
        var graph = new GraphProto { Name = "kdegan_scorer" };
        graph.Input.Add(ValueInfo(InputName, channels, height, width));
        var current = InputName;
        string? lastGemmInput = null;
        long outFeatures = 0, featureCount = 0;
        var layers = net.named_children().ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            var (name, layer) = layers[i];
            var output = name + "_out";
            switch (layer)
            {
                case Conv2d conv:
                    var bn = i + 1 < layers.Count ? layers[i + 1].module as BatchNorm2d : null;
                    if (bn != null) i++;
                    var (weight, bias) = FoldedConv(conv, bn);
                    var pads = conv.padding ?? throw new NotSupportedException($"OnnxExport: conv '{name}' uses a padding mode, expected explicit padding");
                    graph.Initializer.Add(weight.WithName(name + ".weight"));
                    graph.Initializer.Add(bias.WithName(name + ".bias"));
                    graph.Node.Add(Node("Conv", name, [current, name + ".weight", name + ".bias"], output,
                        Ints("kernel_shape", conv.kernel_size), Ints("strides", conv.stride),
                        Ints("pads", [.. pads, .. pads]), Ints("dilations", conv.dilation),
                        Int("group", conv.groups)));
                    break;
                case ReLU:
                    graph.Node.Add(Node("Relu", name, [current], output));
                    break;
                case MaxPool2d pool:
                    graph.Node.Add(Node("MaxPool", name, [current], output,
                        Ints("kernel_shape", pool.kernel_size), Ints("strides", pool.stride ?? pool.kernel_size),
                        Ints("pads", [.. pool.padding ?? [0, 0], .. pool.padding ?? [0, 0]]), Int("ceil_mode", pool.ceil_mode ? 1 : 0)));
                    break;
                case Flatten flatten when flatten.start_dim == 1 && flatten.end_dim == -1:
                    graph.Node.Add(Node("Flatten", name, [current], output, Int("axis", 1)));
                    break;
                case Linear linear:
                    graph.Initializer.Add(FloatTensor(linear.weight, name + ".weight"));
                    graph.Initializer.Add(linear.bias is null ? FloatTensor(zeros(linear.out_features), name + ".bias") : FloatTensor(linear.bias, name + ".bias"));
                    graph.Node.Add(Node("Gemm", name, [current, name + ".weight", name + ".bias"], output, Int("transB", 1)));
                    lastGemmInput = current;
                    featureCount = linear.in_features;
                    outFeatures = linear.out_features;
                    break;
                case Dropout:
                    continue;
                default:
                    throw new NotSupportedException($"OnnxExport: layer '{name}' of type {layer.GetType().Name} is not supported (expected Conv2d, BatchNorm2d, ReLU, MaxPool2d, Flatten, Linear or Dropout)");
            }
            current = output;
        }
        if (lastGemmInput is null)
            throw new NotSupportedException("OnnxExport: the net must end in a Linear layer (its input is the feature output)");
        graph.Node.Add(Node("Identity", "logits_identity", [current], LogitsName));
        graph.Node.Add(Node("Identity", "features_identity", [lastGemmInput], FeaturesName));
        graph.Output.Add(ValueInfo(LogitsName, outFeatures));
        graph.Output.Add(ValueInfo(FeaturesName, featureCount));
        var model = new ModelProto { IrVersion = 7, ProducerName = "KdeGan.Repro", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    /// <summary>Writes the model of <paramref name="net"/> to <paramref name="path"/> (temp file then rename).</summary>
    public static void Save(Sequential net, int channels, int height, int width, string path) =>
        SaveModel(ToModel(net, channels, height, width), path);

    /// <summary>Writes any ONNX model to <paramref name="path"/> atomically.</summary>
    public static void SaveModel(ModelProto model, string path) => AtomicFile.WriteAllBytes(path, model.ToByteArray());

    /// <summary>A float32 initializer holding the values of <paramref name="t"/> under <paramref name="name"/>.</summary>
    public static TensorProto FloatTensor(Tensor t, string name)
    {
        using var scope = NewDisposeScope();
        var values = t.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(t.shape);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        proto.RawData = ByteString.CopyFrom(bytes);
        return proto;
    }

    /// <summary>A graph value of float32 elements with a symbolic batch dimension followed by <paramref name="dims"/>.</summary>
    public static ValueInfoProto ValueInfo(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } };
        return new ValueInfoProto { Name = name, Type = type };
    }

    /// <summary>One graph node with the given attributes.</summary>
    public static NodeProto Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    static AttributeProto Ints(string name, long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>Conv weight and bias with an inference-mode BatchNorm folded in, computed in float64.</summary>
    static (Tensor Weight, Tensor Bias) FoldedConv(Conv2d conv, BatchNorm2d? bn)
    {
        using var scope = NewDisposeScope();
        var w = conv.weight!.detach().to_type(ScalarType.Float64);
        var b = conv.bias is null ? zeros(conv.out_channels, dtype: ScalarType.Float64) : conv.bias.detach().to_type(ScalarType.Float64);
        if (bn != null)
        {
            var gamma = bn.weight is null ? ones(bn.num_features, dtype: ScalarType.Float64) : bn.weight.detach().to_type(ScalarType.Float64);
            var beta = bn.bias is null ? zeros(bn.num_features, dtype: ScalarType.Float64) : bn.bias.detach().to_type(ScalarType.Float64);
            var scale = gamma / (bn.running_var!.to_type(ScalarType.Float64) + bn.eps).sqrt();
            w = w * scale.view(-1, 1, 1, 1);
            b = (b - bn.running_mean!.to_type(ScalarType.Float64)) * scale + beta;
        }
        return (w.MoveToOuterDisposeScope(), b.MoveToOuterDisposeScope());
    }

    static TensorProto WithName(this Tensor t, string name)
    {
        using (t) return FloatTensor(t, name);
    }
}
