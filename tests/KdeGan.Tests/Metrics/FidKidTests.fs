module KdeGan.Tests.Metrics.FidKidTests

open Expecto
open KdeGan.Core.Metrics
open KdeGan.Tests.Metrics.Reference

[<Tests>]
let tests =
    testList "FidKid" [
        testCase "FID of a feature set with itself is zero" <| fun () ->
            let x = gaussian 1 300 8 0.0
            use t = toTensor x
            let r = Fid.Compute(t, t, "test")
            Expect.floatClose { absolute = 1e-8; relative = 0.0 } r.Mean 0.0 "FID(x, x)"
            Expect.equal (r.NReal, r.NFake) (300L, 300L) "sample counts recorded"

        testCase "FID of two random Gaussian sets matches the textbook formula with a general matrix square root" <| fun () ->
            let real = gaussian 2 200 6 0.0
            let fake = gaussian 3 150 6 0.4 |> Array.map (Array.mapi (fun j v -> v * (1.0 + 0.2 * float j)))
            use r = toTensor real
            use f = toTensor fake
            let result = Fid.Compute(r, f, "test")
            Expect.floatClose { absolute = 1e-9; relative = 1e-9 } result.Mean (fid real fake) "FID against the float64 reference"

        testCase "FID in one dimension is (mu1 - mu2)^2 + (s1 - s2)^2" <| fun () ->
            let a = [| [| 1.0 |]; [| 3.0 |] |]
            let b = [| [| 0.0 |]; [| 8.0 |] |]
            use ta = toTensor a
            use tb = toTensor b
            // means 2 and 4; unbiased variances 2 and 32, so std sqrt 2 and sqrt 32.
            Expect.floatClose Accuracy.veryHigh (Fid.Compute(ta, tb, "test").Mean) (4.0 + (sqrt 2.0 - sqrt 32.0) ** 2.0) "closed form"

        testCase "the unbiased cubic-kernel MMD matches a pair-by-pair loop" <| fun () ->
            let x = gaussian 4 40 5 0.0
            let y = gaussian 5 30 5 0.3
            use tx = toTensor x
            use ty = toTensor y
            Expect.floatClose { absolute = 1e-12; relative = 1e-10 } (Kid.UnbiasedMmd2(tx, ty)) (mmd2Cubic x y) "MMD^2"

        testCase "KID with one subset of the whole sets equals the brute-force MMD; many subsets give mean and std" <| fun () ->
            let x = gaussian 6 50 4 0.0
            let y = gaussian 7 50 4 0.5
            use tx = toTensor x
            use ty = toTensor y
            let whole = Kid.Compute(tx, ty, "test", subsets = 1, subsetSize = 50)
            Expect.floatClose { absolute = 1e-12; relative = 1e-10 } whole.Mean (mmd2Cubic x y) "a permutation of both sets leaves MMD unchanged"
            let many = Kid.Compute(tx, ty, "test", subsets = 20, subsetSize = 20, seed = 3)
            Expect.isGreaterThan many.Std 0.0 "subsets differ"
            Expect.equal (Kid.Compute(tx, ty, "test", subsets = 20, subsetSize = 20, seed = 3)) many "same seed, same subsets"
            Expect.isGreaterThan many.Mean 0.0 "shifted sets are apart"
    ]
