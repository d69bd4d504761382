module KdeGan.Tests.Metrics.Mnist1000MetricsTests

open Expecto
open TorchSharp
open KdeGan.Core.Data
open KdeGan.Core.Metrics
open KdeGan.Core.Scoring
open KdeGan.Tests
open KdeGan.Tests.Metrics.Reference

/// Real three-digit samples (N x 1 x 28 x 84) for the given numbers, each slot a real test image
/// of its digit (the (number mod 5)-th of that digit), scored by the committed digit scorer.
let private realTriples (numbers: int[]) =
    let mnist = TestData.requireReal "mnist"
    let model = System.IO.Path.Combine(DataLocation.RepositoryRoot(), "results", "scorers", "mnist.onnx")
    if not (System.IO.File.Exists model) then skiptest "results/scorers/mnist.onnx not committed yet"
    use test = Mnist.Load(mnist, train = false)
    let labels = test.Labels.data<int64>().ToArray()
    let firstOf d = [| for i in 0 .. labels.Length - 1 do if labels.[i] = int64 d then yield int64 i |].[0 .. 4]
    let byDigit = Array.init 10 firstOf
    let slot (number: int) (d: int) = test.Images.[byDigit.[d].[number % 5]]
    use images = torch.stack([| for v in numbers -> torch.cat([| slot v (v / 100); slot v (v / 10 % 10); slot v (v % 10) |], 2L) |])
    use slots = Mnist1000Metrics.SlotImages images
    use scorer = new OnnxScorer(model, ScorerCatalog.Own "mnist")
    use out = scorer.Score slots
    // One split: with 10 splits of 100 samples each, IS could not exceed 100.
    Mnist1000Metrics.Compute(out.Logits, Array.create 1000 1.0, scorer.Descriptor.Name, splits = 1)

/// Per-slot logits (3N x 10) that are confident about the given three-digit numbers.
let private confident (numbers: int[]) =
    let rows = numbers |> Array.collect (fun v -> [| v / 100; v / 10 % 10; v % 10 |]) |> Array.map (fun d -> Array.init 10 (fun j -> if j = d then 50.0 else 0.0))
    toTensor rows

[<Tests>]
let tests =
    testList "Mnist1000Metrics" [
        testCase "side-by-side and stacked-channel images split into left, middle, right slots in order" <| fun () ->
            use wide = torch.cat([| for k in 0 .. 2 -> torch.ones(2L, 1L, 28L, 28L) * float k |], 3L)
            use stacked = torch.cat([| for k in 0 .. 2 -> torch.ones(2L, 1L, 28L, 28L) * float k |], 1L)
            for images in [ wide; stacked ] do
                use slots = Mnist1000Metrics.SlotImages images
                Expect.equal slots.shape [| 6L; 1L; 28L; 28L |] "3N single digits"
                let firstPixel = [| for i in 0L .. 5L -> slots.[i].mean().item<float32>() |]
                Expect.equal firstPixel [| 0.f; 1.f; 2.f; 0.f; 1.f; 2.f |] "sample-major, slot order kept"

        testCase "the 1000-way probabilities are the product of the three slot softmaxes" <| fun () ->
            let rows = gaussian 10 6 10 0.0
            use logits = toTensor rows
            use logP = Mnist1000Metrics.LogProbabilities logits
            for s in 0 .. 1 do
                let p = [| for k in 0 .. 2 -> softmax rows.[3 * s + k] |]
                for y in [ 0; 7; 123; 999; 504 ] do
                    let expected = p.[0].[y / 100] * p.[1].[y / 10 % 10] * p.[2].[y % 10]
                    Expect.floatClose Accuracy.veryHigh (exp (logP.[int64 s, int64 y].item<float>())) expected $"p(y={y}) of sample {s}"

        testCase "confident samples on three modes give the mode count, the KL to uniform, and IS exp(entropy)" <| fun () ->
            use logits = confident [| 123; 123; 456; 789 |]
            let r = Mnist1000Metrics.Compute(logits, Array.create 1000 1.0, "test", splits = 1)
            Expect.equal r.ModesCovered 3 "three modes hit"
            Expect.equal (r.ModeHistogram.[123], r.ModeHistogram.[456], r.ModeHistogram.[789]) (2L, 1L, 1L) "histogram"
            Expect.floatClose Accuracy.high r.KlToData (0.5 * log 500.0 + 0.5 * log 250.0) "KL(generated || uniform)"
            Expect.floatClose Accuracy.high r.InceptionScore.Mean (exp (-(0.5 * log 0.5 + 0.5 * log 0.25))) "IS = exp(H(p(y)))"

        testCase "samples that cover all 1000 modes once each reach IS 1000 and KL 0" <| fun () ->
            use logits = confident [| 0 .. 999 |]
            let r = Mnist1000Metrics.Compute(logits, Array.create 1000 1.0, "test", splits = 1)
            Expect.equal r.ModesCovered 1000 "every mode"
            Expect.floatClose Accuracy.medium r.InceptionScore.Mean 1000.0 "the ceiling"
            Expect.floatClose { absolute = 1e-9; relative = 0.0 } r.KlToData 0.0 "matches the data"

        testCase "a mode the data never produces gives infinite KL" <| fun () ->
            use logits = confident [| 5; 6 |]
            let data = Array.init 1000 (fun m -> if m = 6 then 0.0 else 1.0)
            let r = Mnist1000Metrics.Compute(logits, data, "test", splits = 1)
            Expect.isTrue (System.Double.IsPositiveInfinity r.KlToData) "KL is infinite"
    
        testCase "real digits in every three-digit combination give about 1000 modes and an IS near the 1000 ceiling" <| fun () ->
            let r = realTriples [| 0 .. 999 |]
            Expect.isGreaterThanOrEqual r.ModesCovered 990 "nearly every mode found"
            Expect.isGreaterThan r.InceptionScore.Mean 900.0 $"IS near the ceiling of 1000 (got {r.InceptionScore.Mean:F1}, {r.ModesCovered} modes)"

        testCase "real digits 6-9 in every combination give the 64 modes of the restricted set" <| fun () ->
            let numbers = [| for a in 6 .. 9 do for b in 6 .. 9 do for c in 6 .. 9 -> 100 * a + 10 * b + c |]
            let r = realTriples numbers
            Expect.equal r.ModesCovered 64 "the restricted set's modes"
    ]

