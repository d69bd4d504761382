module KdeGan.Tests.Analysis.TraversalTests

open System
open Expecto
open TorchSharp
open KdeGan.Core.Analysis
open KdeGan.Tests.Analysis.AnalysisData

let private pair seed d =
    let rng = Random(int seed)
    torch.tensor(gaussian rng d).to_type torch.ScalarType.Float32, torch.tensor(gaussian rng d |> Array.map ((*) 3.0)).to_type torch.ScalarType.Float32

[<Tests>]
let tests =
    testList "Traversal" [
        testCase "linear and spherical paths start and end exactly at the given codes" <| fun () ->
            let a, b = pair 1 200
            use _a = a
            use _b = b
            for name, path in [ "linear", Traversal.Linear(a, b, 9); "spherical", Traversal.Spherical(a, b, 9) ] do
                use path = path
                Expect.equal path.shape [| 9L; 200L |] $"{name}: steps x d"
                Expect.equal path.dtype torch.ScalarType.Float32 $"{name}: dtype of the codes"
                Expect.isTrue (identical path.[0L] a) $"{name}: first row is the start code"
                Expect.isTrue (identical path.[8L] b) $"{name}: last row is the end code"

        testCase "linear steps are evenly spaced on the segment, as a loop computes them" <| fun () ->
            let a, b = pair 2 16
            use _a = a
            use _b = b
            use path = Traversal.Linear(a.unsqueeze 0L, b, 5)
            let ra, rb = (toRows (a.unsqueeze 0L)).[0], (toRows (b.unsqueeze 0L)).[0]
            for i, row in Array.indexed (toRows path) do
                let t = float i / 4.0
                for j in 0 .. 15 do
                    Expect.floatClose Accuracy.high row.[j] ((1.0 - t) * ra.[j] + t * rb.[j]) $"step {i}, coordinate {j}"

        testCase "spherical steps between codes of equal norm keep that norm" <| fun () ->
            let rng = Random(3)
            let ra = gaussian rng 50
            let rb = gaussian rng 50 |> fun v -> v |> Array.map (fun x -> x * norm ra / norm v)
            use a = torch.tensor ra
            use b = torch.tensor rb
            use path = Traversal.Spherical(a, b, 7)
            for i, row in Array.indexed (toRows path) do
                Expect.floatClose Accuracy.high (norm row) (norm ra) $"step {i} norm"

        testCase "parallel codes fall back to the linear path, and mismatched codes are an error" <| fun () ->
            use a = torch.ones(4L)
            use b = torch.full(4L, 2.0f)
            use sph = Traversal.Spherical(a, b, 3)
            use lin = Traversal.Linear(a, b, 3)
            Expect.isTrue (identical sph lin) "same path when the angle is 0"
            use c = torch.ones(5L)
            let e = Expect.throwsC (fun () -> Traversal.Linear(a, c, 3) |> ignore) id
            Expect.stringContains e.Message "found 4 and 5" "names both lengths"
            let e2 = Expect.throwsC (fun () -> Traversal.Linear(a, b, 1) |> ignore) id
            Expect.stringContains e2.Message "steps" "names the setting"
    ]
