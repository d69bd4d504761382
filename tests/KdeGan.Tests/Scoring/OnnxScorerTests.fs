module KdeGan.Tests.Scoring.OnnxScorerTests

open System
open System.IO
open System.Security.Cryptography
open Expecto
open TorchSharp
open Onnx
open KdeGan.Core.Data
open KdeGan.Core.Metrics
open KdeGan.Core.Scoring
open KdeGan.Tests

/// A stand-in with Inception-v3's interface: N x 3 x 299 x 299 in, the spatial mean of each
/// channel times W1 (3 x 2048) as "pool3" features, times W2 (2048 x 1008) as "logits".
let private writeInceptionLike (path: string) (w1: torch.Tensor) (w2: torch.Tensor) =
    let graph = GraphProto(Name = "inception_like")
    graph.Input.Add(OnnxExport.ValueInfo("input", 3L, 299L, 299L))
    graph.Initializer.Add(OnnxExport.FloatTensor(w1, "w1"))
    graph.Initializer.Add(OnnxExport.FloatTensor(w2, "w2"))
    let axes = AttributeProto(Name = "axes", Type = AttributeProto.Types.AttributeType.Ints)
    axes.Ints.AddRange [ 2L; 3L ]
    let keep = AttributeProto(Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0L)
    graph.Node.Add(OnnxExport.Node("ReduceMean", "pool", [| "input" |], "pooled", axes, keep))
    graph.Node.Add(OnnxExport.Node("MatMul", "features", [| "pooled"; "w1" |], "pool3"))
    graph.Node.Add(OnnxExport.Node("MatMul", "classes", [| "pool3"; "w2" |], "logits"))
    graph.Output.Add(OnnxExport.ValueInfo("logits", int64 ScorerCatalog.InceptionLogits))
    graph.Output.Add(OnnxExport.ValueInfo("pool3", int64 ScorerCatalog.InceptionFeatures))
    let model = ModelProto(IrVersion = 7L, Graph = graph)
    model.OpsetImport.Add(OperatorSetIdProto(Domain = "", Version = 13L))
    OnnxExport.SaveModel(model, path)

let private features (out: ScoreOutput) =
    match out.Features with
    | null -> failtest "the scorer has a features output"
    | f -> f

let private committed name = Path.Combine(DataLocation.RepositoryRoot(), "results", "scorers", name)

[<Tests>]
let tests =
    testSequenced <| testList "OnnxScorer" [
        testCase "the Inception-v3 descriptor resizes grey and colour images to 299 and reads 1008 logits and 2048 features" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let rng = Random 4
            let w1v = Array.init (3 * 2048) (fun _ -> rng.NextDouble() - 0.5)
            let w2v = Array.init (2048 * 1008) (fun _ -> (rng.NextDouble() - 0.5) * 0.01)
            use w1 = torch.tensor(w1v).reshape(3L, 2048L)
            use w2 = torch.tensor(w2v).reshape(2048L, 1008L)
            let path = Path.Combine(dir, "inception.onnx")
            writeInceptionLike path w1 w2
            use scorer = new OnnxScorer(path, ScorerCatalog.InceptionV3(), batchSize = 2)
            // Constant planes stay constant under bilinear resizing, so the pooled means are known.
            let planes = [| [| 0.5; 0.5; 0.5 |]; [| -0.25; -0.25; -0.25 |]; [| 0.1; -0.7; 0.9 |] |]
            use grey = torch.stack([| for p in planes.[0 .. 1] -> torch.ones(1L, 28L, 28L) * p.[0] |]).to_type(torch.ScalarType.Float32)
            use colour = torch.stack([| for p in planes -> torch.stack([| for c in p -> torch.ones(40L, 40L) * c |]) |]).to_type(torch.ScalarType.Float32)
            for images, rows in [ grey, planes.[0 .. 1]; colour, planes ] do
                use out = scorer.Score images
                let features = features out
                Expect.equal out.Logits.shape [| int64 rows.Length; 1008L |] "1008 logits per image"
                Expect.equal features.shape [| int64 rows.Length; 2048L |] "2048 features per image"
                for i in 0 .. rows.Length - 1 do
                    for f in [ 0; 777; 2047 ] do
                        let expected = Seq.sum (seq { for c in 0 .. 2 -> rows.[i].[c] * w1v.[c * 2048 + f] })
                        Expect.floatClose { absolute = 1e-5; relative = 1e-4 } (float (features.[int64 i, int64 f].item<float32>())) expected $"feature {f} of image {i}"
                    let logit = Seq.sum (seq { for f in 0 .. 2047 -> float (features.[int64 i, int64 f].item<float32>()) * w2v.[f * 1008 + 5] })
                    Expect.floatClose { absolute = 1e-4; relative = 1e-4 } (float (out.Logits.[int64 i, 5L].item<float32>())) logit $"logit 5 of image {i}"

        testCase "a missing output name is an error naming the model and its outputs" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            use w1 = torch.zeros(3L, 2048L)
            use w2 = torch.zeros(2048L, 1008L)
            let path = Path.Combine(dir, "inception.onnx")
            writeInceptionLike path w1 w2
            Expect.throwsT<ArgumentException> (fun () -> new OnnxScorer(path, ScorerCatalog.InceptionV3(featuresName = "pool_3")) |> ignore) "pool_3 is not an output"

        testCase "the model-zoo MNIST net (batch fixed to 1, 0..255 input) classifies real test digits" <| fun () ->
            let mnist = TestData.requireReal "mnist"
            let model = Path.Combine(mnist, "..", "reference-models", "mnist-8.onnx")
            if not (File.Exists model) then skiptest "mnist-8.onnx not present"
            use test = Mnist.Load(mnist, train = false)
            use images = test.Images.narrow(0L, 0L, 300L)
            use scorer = new OnnxScorer(model, ScorerCatalog.MnistZoo)
            use out = scorer.Score images
            let accuracy = out.Logits.argmax(1L).eq(test.Labels.narrow(0L, 0L, 300L)).sum().item<int64>()
            Expect.isGreaterThan accuracy 290L "at least 290 of 300 right (the model card says ~98.9%)"

        testCase "the SqueezeNet descriptor (NHWC, probabilities) returns log-probabilities" <| fun () ->
            let mnist = TestData.requireReal "mnist"
            let model = Path.Combine(mnist, "..", "reference-models", "squeezenet_cifar10.onnx")
            if not (File.Exists model) then skiptest "squeezenet_cifar10.onnx not present"
            use scorer = new OnnxScorer(model, ScorerCatalog.SqueezeNetCifar10)
            use images = torch.rand(5L, 3L, 32L, 32L) * 2.0 - 1.0
            use out = scorer.Score images
            use sums = out.Logits.exp().sum(1L)
            Expect.isLessThan ((sums - 1.0f).abs().max().item<float32>()) 1e-4f "exp of the output sums to 1 per image"

        testCase "the committed MNIST scorer matches its SHA-256, passed parity and scores real test digits near IS 10" <| fun () ->
            let mnist = TestData.requireReal "mnist"
            let model = committed "mnist.onnx"
            if not (File.Exists model) then skiptest "results/scorers/mnist.onnx not committed yet"
            let recorded = (File.ReadAllText(model + ".sha256").Split ' ').[0]
            Expect.equal (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes model))) recorded "SHA-256 as recorded"
            let json = Text.Json.JsonDocument.Parse(File.ReadAllText(committed "mnist.json")).RootElement
            Expect.isLessThan (json.GetProperty("parityMaxAbsDiff").GetDouble()) 1e-4 "recorded parity below 1e-4"
            use test = Mnist.Load(mnist, train = false)
            use images = test.Images.narrow(0L, 0L, 2000L)
            use scorer = new OnnxScorer(model, ScorerCatalog.Own "mnist")
            use out = scorer.Score images
            let accuracy = float (out.Logits.argmax(1L).eq(test.Labels.narrow(0L, 0L, 2000L)).sum().item<int64>()) / 2000.0
            Expect.isGreaterThan accuracy 0.985 "accuracy on 2,000 test digits"
            let score = InceptionScore.FromLogits(out.Logits, "kdegan-mnist")
            Expect.isGreaterThan score.Mean 9.3 "IS of real digits close to 10"
            Expect.isLessThan score.Mean 10.0 "IS cannot exceed the class count"
    ]
