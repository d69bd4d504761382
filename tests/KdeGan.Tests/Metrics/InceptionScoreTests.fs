module KdeGan.Tests.Metrics.InceptionScoreTests

open Expecto
open TorchSharp
open KdeGan.Core.Metrics
open KdeGan.Tests.Metrics.Reference

[<Tests>]
let tests =
    testList "InceptionScore" [
        testCase "a classifier that gives every sample the same distribution scores exactly 1" <| fun () ->
            let rows = Array.init 40 (fun _ -> [| 0.3; -1.2; 2.0; 0.5 |])
            use logits = toTensor rows
            let r = InceptionScore.FromLogits(logits, "test")
            Expect.floatClose Accuracy.veryHigh r.Mean 1.0 "IS of a constant classifier"
            Expect.floatClose Accuracy.veryHigh r.Std 0.0 "no spread over splits"
            Expect.equal r.NFake 40L "sample count recorded"

        testCase "a confident classifier with uniform classes scores the class count" <| fun () ->
            let k = 7
            let rows = Array.init (k * 20) (fun i -> Array.init k (fun j -> if j = i % k then 60.0 else 0.0))
            use logits = toTensor rows
            let r = InceptionScore.FromLogits(logits, "test", splits = 1)
            Expect.floatClose Accuracy.high r.Mean (float k) "IS equals the number of classes"

        testCase "IS over random logits matches a float64 reference over the same shuffled splits" <| fun () ->
            let n, splits = 203, 10
            let rows = gaussian 3 n 6 0.0 |> Array.map (Array.map ((*) 2.0))
            use logits = toTensor rows
            let r = InceptionScore.FromLogits(logits, "test", splits, seed = 5)
            let order = InceptionScore.Shuffle(int64 n, 5)
            let probs = order |> Array.map (fun i -> softmax rows.[int i])
            let sizes = Array.init splits (fun s -> n / splits + (if s < n % splits then 1 else 0))
            let starts = Array.scan (+) 0 sizes
            let scores = Array.init splits (fun s -> inceptionOfGroup probs.[starts.[s] .. starts.[s + 1] - 1])
            Expect.floatClose Accuracy.veryHigh r.Mean (Array.average scores) "mean over splits"
            Expect.floatClose Accuracy.veryHigh r.Std (populationStd scores) "population std over splits"

        testCase "the fixed-seed shuffle is a permutation and depends on the seed" <| fun () ->
            let a = InceptionScore.Shuffle(100L, 1)
            Expect.equal (Array.sort a) [| 0L .. 99L |] "a permutation"
            Expect.notEqual a (InceptionScore.Shuffle(100L, 2)) "another seed, another order"
            Expect.equal a (InceptionScore.Shuffle(100L, 1)) "same seed, same order"

        testCase "fewer samples than splits is an error that says so" <| fun () ->
            use logits = torch.zeros(5L, 3L)
            Expect.throwsT<System.ArgumentException> (fun () -> InceptionScore.FromLogits(logits, "test") |> ignore) "too few samples"
    ]
