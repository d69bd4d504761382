module KdeGan.Tests.Scoring.OnnxExportTests

open System.IO
open Expecto
open TorchSharp
open KdeGan.Core.Scoring
open KdeGan.Tests

/// A small random net with every layer kind the exporter handles, its batch norms given
/// non-trivial running statistics by a few training-mode passes.
let private named (name: string) (layer: torch.nn.Module<torch.Tensor, torch.Tensor>) = struct (name, layer)

let private randomNet () =
    torch.random.manual_seed 11L |> ignore
    let net =
        torch.nn.Sequential(
            [| named "conv1" (torch.nn.Conv2d(3L, 6L, 3L, padding = 1L))
               named "bn1" (torch.nn.BatchNorm2d(6L)); named "relu1" (torch.nn.ReLU()); named "pool1" (torch.nn.MaxPool2d(2L))
               named "conv2" (torch.nn.Conv2d(6L, 8L, 3L, padding = 1L)); named "relu2" (torch.nn.ReLU())
               named "flatten" (torch.nn.Flatten())
               named "fc1" (torch.nn.Linear(8L * 4L * 4L, 16L)); named "relu3" (torch.nn.ReLU()); named "drop" (torch.nn.Dropout(0.5))
               named "logits" (torch.nn.Linear(16L, 5L)) |])
    net.train()
    for _ in 1 .. 3 do
        use x = torch.randn(16L, 3L, 8L, 8L) * 2.0 + 0.5
        net.forward(x).Dispose()
    net.eval()
    net

let private descriptor =
    ScorerDescriptor("random", OnnxExport.InputName, TensorLayout.Nchw, 3, 8, 8, 1.0, 0.0, OnnxExport.LogitsName, ClassOutputKind.Logits, OnnxExport.FeaturesName)

[<Tests>]
let tests =
    testSequenced <| testList "OnnxExport" [
        testCase "a random conv/BN/pool/linear net gives the same logits and features through OnnxRuntime" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let net = randomNet ()
            let path = Path.Combine(dir, "net.onnx")
            OnnxExport.Save(net, 3, 8, 8, path)
            use x = torch.rand(37L, 3L, 8L, 8L) * 2.0 - 1.0
            use scorer = new OnnxScorer(path, descriptor, batchSize = 10)
            use out = scorer.Score x
            use noGrad = torch.no_grad()
            use expected = net.forward x
            let children = net.named_children() |> Seq.map (fun struct (n, m) -> named n (m :?> torch.nn.Module<torch.Tensor, torch.Tensor>)) |> Seq.toArray
            use features = torch.nn.Sequential(children.[0 .. children.Length - 2]).forward x
            let onnxFeatures = match out.Features with null -> failtest "features output" | f -> f
            Expect.isLessThan ((out.Logits - expected).abs().max().item<float32>()) 1e-4f "logits within 1e-4"
            Expect.isLessThan ((onnxFeatures - features).abs().max().item<float32>()) 1e-4f "features within 1e-4"
            Expect.isLessThan (ScorerBuild.ParityMaxAbsDiff(net, path, descriptor, x)) 1e-4 "the parity check agrees"

        testCase "both scorer architectures, freshly built, export with logits parity below 1e-4" <| fun () ->
            for dataset, channels, size in [ "mnist", 1, 28; "cifar10", 3, 32 ] do
                let cleanup, dir = TestData.tempDir ()
                use _ = cleanup
                torch.random.manual_seed 5L |> ignore
                let net = (ScorerRecipe.Default dataset).CreateNet()
                net.train()
                use warm = torch.randn(32L, int64 channels, int64 size, int64 size)
                net.forward(warm).Dispose()
                net.eval()
                let path = Path.Combine(dir, dataset + ".onnx")
                OnnxExport.Save(net, channels, size, size, path)
                Expect.isLessThan (FileInfo(path).Length) (2L * 1024L * 1024L) $"{dataset} ONNX under 2 MiB"
                use x = torch.rand(20L, int64 channels, int64 size, int64 size) * 2.0 - 1.0
                Expect.isLessThan (ScorerBuild.ParityMaxAbsDiff(net, path, ScorerCatalog.Own dataset, x)) 1e-4 $"{dataset} parity"

        testCase "an unsupported layer is an error naming the layer and its type" <| fun () ->
            let net = torch.nn.Sequential([| named "act" (torch.nn.Tanh()); named "fc" (torch.nn.Linear(4L, 2L)) |])
            Expect.throwsT<System.NotSupportedException> (fun () -> OnnxExport.ToModel(net, 1, 2, 2) |> ignore) "Tanh is not exported"
    ]
