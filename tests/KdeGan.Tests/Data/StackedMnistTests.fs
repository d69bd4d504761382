module KdeGan.Tests.Data.StackedMnistTests

open System
open Expecto
open TorchSharp
open KdeGan.Core.Data
open KdeGan.Tests

/// Ten source images per digit; image k of digit d is flat with byte value 10 d + k, so every
/// output slot tells which source image (and digit) it came from.
let private synthetic () =
    let labels = [| for d in 0 .. 9 do for _ in 0 .. 9 -> int64 d |]
    let pixels = [| for d in 0 .. 9 do for k in 0 .. 9 do yield! Array.create 784 (byte (10 * d + k)) |]
    new ImageDataset("synthetic", PixelTensor.FromBytes(pixels, 100, 1, 28, 28), torch.tensor labels)

let private sourceDigit (value: float32) = int (Math.Round((float value + 1.0) * 127.5)) / 10

let private digitsOf (label: int64) = [| int (label / 100L); int (label / 10L % 10L); int (label % 10L) |]

/// Frequency of each digit over all three slots of the labels.
let private digitFrequencies (labels: int64[]) =
    let counts = Array.zeroCreate<float> 10
    for l in labels do for d in digitsOf l do counts.[d] <- counts.[d] + 1.0
    counts |> Array.map (fun c -> c / float (3 * labels.Length))

/// The default reading computed independently: w(0) = 1, w(d) = 1 + 19 (d - 1) / 8 for d = 1..9.
let private referenceBias () =
    let w = Array.init 10 (fun d -> if d = 0 then 1.0 else 1.0 + 19.0 * float (d - 1) / 8.0)
    w |> Array.map (fun x -> x / Array.sum w)

[<Tests>]
let tests =
    testList "StackedMnist" [
        testCase "side by side, each 28-pixel slot is an image of the digit the label names" <| fun () ->
            use source = synthetic ()
            use ds = StackedMnist.Build(source, StackedMnistOptions(Count = 200), "t")
            Expect.equal ds.Images.shape [| 200L; 1L; 28L; 84L |] "N x 1 x 28 x 84"
            let labels = ds.Labels.data<int64>().ToArray()
            for i in 0 .. 199 do
                for s in 0 .. 2 do
                    let v = ds.Images.[int64 i, 0L, 14L, int64 (28 * s + 5)].item<float32>()
                    Expect.equal (sourceDigit v) (digitsOf labels.[i]).[s] $"image {i} slot {s} shows the digit of the label"

        testCase "as channels, each of the three channels is an image of the digit the label names" <| fun () ->
            use source = synthetic ()
            use ds = StackedMnist.Build(source, StackedMnistOptions(Layout = StackLayout.Channels, Count = 50), "t")
            Expect.equal ds.Images.shape [| 50L; 3L; 28L; 28L |] "N x 3 x 28 x 28"
            let labels = ds.Labels.data<int64>().ToArray()
            for i in 0 .. 49 do
                for s in 0 .. 2 do
                    Expect.equal (sourceDigit (ds.Images.[int64 i, int64 s, 3L, 3L].item<float32>())) (digitsOf labels.[i]).[s] $"image {i} channel {s}"

        testCase "the default bias makes a 9 twenty times as likely as a 1, linear in between, and the draws follow it" <| fun () ->
            let p = StackedMnist.DigitProbabilities(StackedMnistOptions())
            let reference = referenceBias ()
            for d in 0 .. 9 do Expect.floatClose Accuracy.veryHigh p.[d] reference.[d] $"p({d}) equals the reference"
            Expect.floatClose Accuracy.veryHigh (p.[9] / p.[1]) 20.0 "p(9) = 20 p(1)"
            use source = synthetic ()
            use ds = StackedMnist.Build(source, StackedMnistOptions(Count = 30000, Seed = 3), "t")
            let freq = digitFrequencies (ds.Labels.data<int64>().ToArray())
            for d in 0 .. 9 do Expect.floatClose { absolute = 0.01; relative = 0.0 } freq.[d] reference.[d] $"digit {d} drawn at its probability"

        testCase "the other reading is linear over 0..9 with p(9) = 20 p(0), and uniform is uniform" <| fun () ->
            let p = StackedMnist.DigitProbabilities(StackedMnistOptions(Bias = DigitBias.LinearNineIs20xZero))
            Expect.floatClose Accuracy.veryHigh (p.[9] / p.[0]) 20.0 "p(9) = 20 p(0)"
            Expect.floatClose Accuracy.veryHigh (p.[5] - p.[4]) (p.[1] - p.[0]) "equal steps"
            let u = StackedMnist.DigitProbabilities(StackedMnistOptions(Bias = DigitBias.Uniform))
            for d in 0 .. 9 do Expect.floatClose Accuracy.veryHigh u.[d] 0.1 $"uniform p({d})"

        testCase "mode probabilities are the product of the slots' digit probabilities, from the weights 19d - 11" <| fun () ->
            // Reference: the documented reading, w(d) = (19d - 11) / 8 for d >= 1 and w(0) = w(1), in float64 loops.
            let w = [| for d in 0 .. 9 -> if d = 0 then 1.0 else (19.0 * float d - 11.0) / 8.0 |]
            let total = Array.sum w
            let p = StackedMnist.ModeProbabilities(StackedMnistOptions())
            Expect.equal p.Length 1000 "1000 modes"
            for (a, b, c) in [ (0, 0, 0); (9, 9, 9); (1, 2, 3); (9, 0, 5) ] do
                Expect.floatClose Accuracy.veryHigh p.[100 * a + 10 * b + c] (w.[a] * w.[b] * w.[c] / (total ** 3.0)) $"mode {a}{b}{c}"
            Expect.floatClose Accuracy.veryHigh (Array.sum p) 1.0 "a distribution"
            Expect.isTrue (p |> Array.forall (fun x -> x > 0.0)) "every mode possible"
            let restricted = StackedMnist.ModeProbabilities(StackedMnistOptions(Digits = [| 6; 7; 8; 9 |]))
            Expect.equal (restricted |> Array.filter (fun x -> x > 0.0) |> Array.length) 64 "64 modes when restricted to 6-9"

        testCase "restricting to 6-9 gives only numbers made of those digits, all 64 of them" <| fun () ->
            use source = synthetic ()
            use ds = StackedMnist.Build(source, StackedMnistOptions(Digits = [| 6; 7; 8; 9 |], Count = 3000), "t")
            let labels = ds.Labels.data<int64>().ToArray()
            Expect.all labels (fun l -> digitsOf l |> Array.forall (fun d -> d >= 6)) "only digits 6..9"
            Expect.equal (labels |> Array.distinct |> Array.length) 64 "64 modes"

        testCase "the same seed builds the same dataset and another seed a different one" <| fun () ->
            use source = synthetic ()
            let build seed = StackedMnist.Build(source, StackedMnistOptions(Count = 100, Seed = seed), "t")
            use a = build 5
            use b = build 5
            use c = build 6
            Expect.isTrue (a.Images.allclose(b.Images, 0.0, 0.0)) "same images"
            Expect.equal (a.Labels.data<int64>().ToArray()) (b.Labels.data<int64>().ToArray()) "same labels"
            Expect.notEqual (a.Labels.data<int64>().ToArray()) (c.Labels.data<int64>().ToArray()) "another seed, other labels"

        testCase "a digit set outside 0..9 is an error naming the setting" <| fun () ->
            use source = synthetic ()
            let e = Throws.catch<ArgumentException> (fun () -> StackedMnist.Build(source, StackedMnistOptions(Digits = [| 6; 10 |]), "t") |> ignore) "bad digits"
            Expect.stringContains e.Message "Digits" "names the setting"
            Expect.stringContains e.Message "6, 10" "shows what was found"

        testCase "from real MNIST test images: the biased digit frequencies, 64 labels under 6-9, and determinism" <| fun () ->
            let dir = TestData.requireReal "mnist"
            use mnist = Mnist.Load(dir, false)
            use biased = StackedMnist.Build(mnist, StackedMnistOptions(Count = 6000, Seed = 1), "real")
            let freq = digitFrequencies (biased.Labels.data<int64>().ToArray())
            let reference = referenceBias ()
            for d in 0 .. 9 do Expect.floatClose { absolute = 0.01; relative = 0.0 } freq.[d] reference.[d] $"digit {d}"
            use restricted = StackedMnist.Build(mnist, StackedMnistOptions(Digits = [| 6; 7; 8; 9 |], Count = 3000, Seed = 1), "real")
            Expect.equal (restricted.Labels.data<int64>().ToArray() |> Array.distinct |> Array.length) 64 "64 labels"
            use again = StackedMnist.Build(mnist, StackedMnistOptions(Count = 6000, Seed = 1), "real")
            Expect.isTrue (biased.Images.allclose(again.Images, 0.0, 0.0)) "same seed, same images"
    ]
