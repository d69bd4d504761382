module KdeGan.Tests.Metrics.NearestNeighbourTests

open Expecto
open TorchSharp
open KdeGan.Core.Metrics
open KdeGan.Tests.Metrics.Reference

[<Tests>]
let tests =
    testList "NearestNeighbour" [
        testCase "nearest training images and distances match a naive loop, across batch and block edges" <| fun () ->
            let gen = gaussian 8 23 12 0.0
            let train = gaussian 9 37 12 0.0
            use g = (toTensor gen).reshape(23L, 1L, 3L, 4L).to_type(torch.ScalarType.Float32)
            use t = (toTensor train).reshape(37L, 1L, 3L, 4L).to_type(torch.ScalarType.Float32)
            let r = NearestNeighbour.Compute(g, t, batchSize = 5, blockSize = 8)
            let f32 (v: float) = float (float32 v)
            for i in 0 .. gen.Length - 1 do
                let dist (b: float[]) = sqrt (Array.fold2 (fun acc u v -> acc + (f32 u - f32 v) ** 2.0) 0.0 gen.[i] b)
                let best = train |> Array.mapi (fun j b -> j, dist b) |> Array.minBy snd
                Expect.equal r.Indices.[i] (int64 (fst best)) $"nearest index of sample {i}"
                Expect.floatClose { absolute = 1e-9; relative = 1e-9 } r.Distances.[i] (snd best) $"distance of sample {i}"
            Expect.floatClose Accuracy.veryHigh r.Summary.Mean (Array.average r.Distances) "mean"
            Expect.floatClose Accuracy.veryHigh r.Summary.Std (populationStd r.Distances) "std"
            Expect.equal (r.Summary.NReal, r.Summary.NFake) (37L, 23L) "counts recorded"

        testCase "a generated image that is a training image has distance 0 to it" <| fun () ->
            use t = torch.rand(10L, 1L, 4L, 4L)
            use g = t.narrow(0L, 3L, 2L).clone()
            let r = NearestNeighbour.Compute(g, t)
            Expect.equal r.Indices [| 3L; 4L |] "found itself"
            Expect.floatClose { absolute = 1e-6; relative = 0.0 } r.Summary.Mean 0.0 "zero distance"

        testCase "different image shapes are an error naming both" <| fun () ->
            use a = torch.zeros(2L, 1L, 4L, 4L)
            use b = torch.zeros(2L, 1L, 4L, 5L)
            Expect.throwsT<System.ArgumentException> (fun () -> NearestNeighbour.Compute(a, b) |> ignore) "shape mismatch"
    ]
