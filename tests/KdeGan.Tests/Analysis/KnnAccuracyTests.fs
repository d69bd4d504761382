module KdeGan.Tests.Analysis.KnnAccuracyTests

open System
open Expecto
open TorchSharp
open KdeGan.Core.Analysis
open KdeGan.Tests.Analysis.AnalysisData

/// Reference: for each point, sort the others by a plain-loop distance, vote over the k
/// nearest labels, ties to the smallest label.
let private referenceAccuracy (rows: float[][]) (labels: int64[]) k =
    let n = rows.Length
    let hits =
        [ for i in 0 .. n - 1 ->
            let nearest =
                [ for j in 0 .. n - 1 do if j <> i then yield squaredDistance rows.[i] rows.[j], labels.[j] ]
                |> List.sortBy fst |> List.take k |> List.map snd
            let counts = nearest |> List.countBy id
            let best = counts |> List.map snd |> List.max
            let predicted = counts |> List.filter (fun (_, c) -> c = best) |> List.map fst |> List.min
            if predicted = labels.[i] then 1 else 0 ]
    float (List.sum hits) / float n

[<Tests>]
let tests =
    testList "KnnAccuracy" [
        testCase "leave-one-out accuracy equals a plain-loop reference for several k and batch sizes" <| fun () ->
            // Overlapping clusters, so the accuracy is neither 0 nor 1 and votes can tie.
            let rows, labels = blobs 21 4 15 6 0.6
            use x = toTensor torch.ScalarType.Float32 rows
            use l = torch.tensor labels
            for k in [ 1; 2; 4; 7 ] do
                let expected = referenceAccuracy rows labels k
                for batch in [ 7; 512 ] do
                    let actual = KnnAccuracy.LeaveOneOut(x, l, k = k, batchSize = batch)
                    Expect.floatClose Accuracy.veryHigh actual expected $"k = {k}, batch = {batch}"
            let one = referenceAccuracy rows labels 1
            Expect.isTrue (one > 0.2 && one < 1.0) $"the test data are not trivially separable ({one})"

        testCase "a point is never its own neighbour" <| fun () ->
            // Two points per label far apart from the other pairs, each pair's labels differ:
            // counting oneself would give 1.0, leaving oneself out gives 0.0 with k = 1.
            let rows = [| [| 0.0; 0.0 |]; [| 0.1; 0.0 |]; [| 10.0; 0.0 |]; [| 10.1; 0.0 |] |]
            use x = toTensor torch.ScalarType.Float64 rows
            use l = torch.tensor [| 0L; 1L; 0L; 1L |]
            Expect.floatClose Accuracy.veryHigh (KnnAccuracy.LeaveOneOut(x, l, k = 1)) 0.0 "the nearest other point has the other label"

        testCase "k out of range and mismatched labels are errors naming the setting" <| fun () ->
            use x = torch.zeros(5L, 2L)
            use l = torch.zeros(5L, dtype = torch.ScalarType.Int64)
            use short = torch.zeros(4L, dtype = torch.ScalarType.Int64)
            let message f = (Expect.throwsC f id: exn).Message
            Expect.stringContains (message (fun () -> KnnAccuracy.LeaveOneOut(x, l, k = 5) |> ignore)) "k: expected 1 <= k <= N - 1 = 4" "k too large"
            Expect.stringContains (message (fun () -> KnnAccuracy.LeaveOneOut(x, short) |> ignore)) "expected 5 labels" "label count"
    ]
