module KdeGan.Tests.Analysis.NeighbourhoodTests

open System
open Expecto
open TorchSharp
open KdeGan.Core.Analysis
open KdeGan.Tests.Analysis.AnalysisData

let private distances (samples: torch.Tensor) (centre: float[]) =
    toRows samples |> Array.map (fun r -> sqrt (squaredDistance r centre))

[<Tests>]
let tests =
    testList "Neighbourhood" [
        testCase "uniform ball samples stay within r and have mean distance d / (d + 1) r" <| fun () ->
            let d = 10
            let centre = gaussian (Random 4) d
            use c = torch.tensor(centre).to_type torch.ScalarType.Float32
            for r in [ 0.01; 1.0; 40.0 ] do
                use s = Neighbourhood.Sample(c, r, 20000, 7L)
                Expect.equal s.shape [| 20000L; int64 d |] "count x d"
                Expect.equal s.dtype torch.ScalarType.Float32 "centre's dtype"
                let dist = distances s (toRows (c.unsqueeze 0L)).[0]
                Expect.isLessThanOrEqual (Array.max dist) (r * (1.0 + 1e-6)) $"r = {r}: every sample within r"
                // Std of the distance is about 0.083 r, so the mean of 20000 is within 0.0006 r.
                Expect.floatClose { absolute = 0.0; relative = 0.003 } (Array.average dist) (float d / float (d + 1) * r) $"r = {r}: mean distance"

        testCase "sphere samples lie at distance r in isotropic directions" <| fun () ->
            let centre = Array.init 200 float
            use c = torch.tensor centre
            use s = Neighbourhood.Sample(c.unsqueeze 0L, 2.5, 2000, 1L, BallSampling.Sphere)
            for i, dist in Array.indexed (distances s centre) do
                Expect.floatClose Accuracy.veryHigh dist 2.5 $"sample {i} at distance r"
            // The mean offset of isotropic unit directions is near 0 (std per coordinate 2.5 / sqrt(200 * 2000)).
            let offset = s.mean([| 0L |]).sub(c)
            Expect.isLessThan (offset.abs().max().item<float>()) 0.03 "no preferred direction"

        testCase "the same seed gives the same samples and another seed different ones" <| fun () ->
            use c = torch.zeros(8L)
            use a = Neighbourhood.Sample(c, 1.0, 50, 3L)
            use b = Neighbourhood.Sample(c, 1.0, 50, 3L)
            use other = Neighbourhood.Sample(c, 1.0, 50, 4L)
            Expect.isTrue (identical a b) "same seed"
            Expect.isFalse (identical a other) "another seed"

        testCase "a non-positive radius and a matrix of codes as centre are errors naming them" <| fun () ->
            use c = torch.zeros(8L)
            let e = Expect.throwsC (fun () -> Neighbourhood.Sample(c, 0.0, 5, 1L) |> ignore) id
            Expect.stringContains e.Message "radius" "names the radius"
            use m = torch.zeros(2L, 8L)
            let e2 = Expect.throwsC (fun () -> Neighbourhood.Sample(m, 1.0, 5, 1L) |> ignore) id
            Expect.stringContains e2.Message "[2, 8]" "names the shape found"
    ]
