module KdeGan.Tests.Analysis.FigureHoldoutTests

open System
open Expecto
open TorchSharp
open KdeGan.Core.Analysis.Figures
open KdeGan.Tests.Analysis.AnalysisData

/// log (1/N) sum_i N(q; z_i, h^2 I) by plain loops with a max shift.
let private logKde (bank: float[][]) (q: float[]) h =
    let d = float q.Length
    let terms = bank |> Array.map (fun z -> -(squaredDistance z q) / (2.0 * h * h) - d / 2.0 * log (2.0 * Math.PI * h * h))
    let m = Array.max terms
    m + log (terms |> Array.sumBy (fun t -> exp (t - m))) - log (float bank.Length)

[<Tests>]
let tests =
    testList "FigureHoldout" [
        testCase "holdout log-likelihood matches a loop reference and peaks at an interior bandwidth" <| fun () ->
            let rng = Random 5
            let train = Array.init 200 (fun _ -> gaussian rng 4)
            let test = Array.init 50 (fun _ -> gaussian rng 4)
            use t = toTensor torch.ScalarType.Float32 train
            use q = toTensor torch.ScalarType.Float32 test
            let hs = [| 0.01; 0.1; 0.5; 1.0; 5.0; 50.0 |]
            let curve = HoldoutLikelihood.Curve(t, q, hs)
            for p in curve do
                Expect.isTrue (Double.IsFinite p.Mean) $"h = {p.Bandwidth}: finite"
                let train32 = toRows t
                let reference = toRows q |> Array.averageBy (fun row -> logKde train32 row p.Bandwidth)
                Expect.floatClose Accuracy.medium p.Mean reference $"h = {p.Bandwidth}: as the loop computes it"
            let best = curve |> Seq.maxBy (fun p -> p.Mean)
            Expect.isTrue (best.Bandwidth > hs.[0] && best.Bandwidth < hs.[hs.Length - 1]) $"the maximum ({best.Bandwidth}) is interior"

        testCase "the standard normal reference is the Gaussian log-density" <| fun () ->
            use z = torch.tensor([| 1.0; 0.0; 0.0; 2.0 |]).reshape(2L, 2L)
            let expected = ((-0.5 * 1.0 - log (2.0 * Math.PI)) + (-0.5 * 4.0 - log (2.0 * Math.PI))) / 2.0
            Expect.floatClose Accuracy.high (HoldoutLikelihood.StandardNormal z) expected "mean of log N(z; 0, I)"
    ]
