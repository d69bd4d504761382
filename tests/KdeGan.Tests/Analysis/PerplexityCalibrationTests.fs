module KdeGan.Tests.Analysis.PerplexityCalibrationTests

open System
open Expecto
open TorchSharp
open KdeGan.Core.Analysis
open KdeGan.Core.Numerics
open KdeGan.Tests.Analysis.AnalysisData

/// Reference: per point, the textbook bisection on beta in float64 with plain loops, run to a
/// tight tolerance; returns the conditional p(j|i) rows.
let private referenceConditional (rows: float[][]) perplexity =
    let n = rows.Length
    let target = log perplexity
    Array.init n (fun i ->
        let d = Array.init n (fun j -> squaredDistance rows.[i] rows.[j])
        let row beta =
            let k = Array.init n (fun j -> if j = i then 0.0 else exp (-beta * d.[j]))
            let z = Array.sum k
            let p = k |> Array.map (fun v -> v / z)
            let h = -(p |> Array.sumBy (fun v -> if v > 0.0 then v * log v else 0.0))
            p, h
        let mutable lo, hi, beta = 0.0, Double.PositiveInfinity, 1.0
        for _ in 1 .. 500 do
            let _, h = row beta
            if h > target then
                lo <- beta
                beta <- if Double.IsInfinity hi then beta * 2.0 else (beta + hi) / 2.0
            else
                hi <- beta
                beta <- (beta + lo) / 2.0
        fst (row beta))

let private perplexityOfRow (p: float[]) =
    exp (-(p |> Array.sumBy (fun v -> if v > 0.0 then v * log v else 0.0)))

[<Tests>]
let tests =
    testList "PerplexityCalibration" [
        testCase "the conditional probabilities match a float64 loop reference" <| fun () ->
            let rows, _ = blobs 11 2 20 5 3.0
            let expected = referenceConditional rows 10.0
            use x = toTensor torch.ScalarType.Float64 rows
            use d = SquaredDistances.Within x
            use fit = PerplexityCalibration.Fit(d, 10.0, tolerance = 1e-12, maxSteps = 500)
            let actual = toRows fit.Conditional
            for i in 0 .. rows.Length - 1 do
                for j in 0 .. rows.Length - 1 do
                    Expect.floatClose { absolute = 1e-9; relative = 1e-6 } actual.[i].[j] expected.[i].[j] $"p({j}|{i})"

        testCase "every point reaches the target perplexity in float32 and float64" <| fun () ->
            let rows, _ = blobs 5 3 30 20 4.0
            for dtype in [ torch.ScalarType.Float32; torch.ScalarType.Float64 ] do
                for perplexity in [ 5.0; 30.0 ] do
                    use x = toTensor dtype rows
                    use d = SquaredDistances.Within x
                    use fit = PerplexityCalibration.Fit(d, perplexity)
                    Expect.isLessThan fit.Steps 200 $"{dtype} perplexity {perplexity}: bisection converged before the step limit"
                    for i, row in Array.indexed (toRows fit.Conditional) do
                        Expect.floatClose { absolute = 0.0; relative = 1e-4 } (perplexityOfRow row) perplexity $"{dtype} row {i} perplexity"
                        Expect.equal row.[i] 0.0 $"{dtype} row {i}: a point is not its own neighbour"

        testCase "the calibration does not depend on the scale of the codes" <| fun () ->
            let rows, _ = blobs 3 2 15 8 2.0
            let scaled = rows |> Array.map (Array.map ((*) 1e4))
            use a = toTensor torch.ScalarType.Float64 rows
            use b = toTensor torch.ScalarType.Float64 scaled
            use pa = PerplexityCalibration.JointProbabilities(a, 8.0, tolerance = 1e-10)
            use pb = PerplexityCalibration.JointProbabilities(b, 8.0, tolerance = 1e-10)
            Expect.isTrue (pa.allclose(pb, rtol = 1e-6, atol = 1e-12)) "P is the same for codes scaled by 1e4"

        testCase "the joint probabilities are symmetric, sum to 1 and have a zero diagonal" <| fun () ->
            let rows, _ = blobs 8 3 10 6 3.0
            use x = toTensor torch.ScalarType.Float32 rows
            use p = PerplexityCalibration.JointProbabilities(x, 6.0)
            Expect.isTrue (p.allclose(p.t(), rtol = 0.0, atol = 0.0)) "P equals its transpose"
            Expect.floatClose { absolute = 1e-6; relative = 1e-6 } (p.sum().item<float32>() |> float) 1.0 "P sums to 1 (float32)"
            Expect.equal (p.diagonal(0L, 0L, 1L).abs().max().item<float32>()) 0.0f "diagonal is 0"

        testCase "a perplexity of N - 1 or more is an error naming the setting and the bound" <| fun () ->
            use x = torch.zeros(10L, 3L)
            let e = Expect.throwsC (fun () -> PerplexityCalibration.JointProbabilities(x, 9.0) |> ignore) id
            Expect.stringContains e.Message "perplexity" "names the setting"
            Expect.stringContains e.Message "[1, 9)" "gives the valid range"
            Expect.stringContains e.Message "found 9" "gives the value found"
    ]
