module KdeGan.Tests.Latent.MmdTests

open Expecto
open TorchSharp
open KdeGan.Core.Latent
open KdeGan.Core.Numerics
open KdeGan.Tests.Latent

let private randn (rng: torch.Generator) (n: int64) (d: int64) = torch.randn([| n; d |], generator = rng)

[<Tests>]
let tests =
    testList "Mmd" [
        testCase "MMD^2 equals the float64 brute-force Eq. 3 for both kernel parameterisations" <| fun () ->
            use rng = new torch.Generator(11UL)
            for kernel in [ RbfKernel.WithSigma 1.5; RbfKernel.WithGamma 0.3 ] do
                use x = randn rng 12L 5L
                use y = (randn rng 12L 5L).mul((1.3).ToScalar()).add((0.4).ToScalar())
                let expected = Reference.mmd2 kernel.Gamma (Reference.rows x) (Reference.rows y)
                let actual = Mmd.UnbiasedSquared(x, y, kernel)
                Expect.floatClose { absolute = 1e-12; relative = 1e-9 } actual expected $"Eq. 3 with {kernel}"

        testCase "sigma form means gamma = 1/(2 sigma^2)" <| fun () ->
            Expect.floatClose Accuracy.veryHigh (RbfKernel.WithSigma 2.0).Gamma 0.125 "1/(2*4)"
            Expect.floatClose Accuracy.veryHigh (RbfKernel.WithGamma 0.7).Gamma 0.7 "gamma kept"

        testCase "samples of one distribution give MMD^2 near 0 and a large p-value; shifted samples a clearly positive MMD^2 and the smallest p-value" <| fun () ->
            use rng = new torch.Generator(5UL)
            let kernel = RbfKernel.WithGamma 0.1
            use x = randn rng 100L 4L
            use y = randn rng 100L 4L
            use shifted = (randn rng 100L 4L).add((1.0).ToScalar())
            let same = Mmd.PermutationTest(x, y, kernel, 200, rng)
            let apart = Mmd.PermutationTest(x, shifted, kernel, 200, rng)
            Expect.isLessThan (abs same.Mmd2) 0.01 "same distribution: MMD^2 near 0"
            Expect.isGreaterThan same.PValue 0.05 "same distribution: not rejected"
            Expect.isGreaterThan apart.Mmd2 (10.0 * abs same.Mmd2) "shifted: clearly positive"
            Expect.floatClose Accuracy.veryHigh apart.PValue (1.0 / 201.0) "shifted: no permutation reaches it"
            Expect.floatClose Accuracy.veryHigh apart.Mmd2 (Mmd.UnbiasedSquared(x, shifted, kernel)) "test reports the plain statistic"

        testCase "sigma = 1e-4 in 200 dims makes MMD^2 vanish even for different samples, gamma = 1e-4 does not" <| fun () ->
            use rng = new torch.Generator(3UL)
            use x = randn rng 50L 200L
            use y = (randn rng 50L 200L).add((0.5).ToScalar())
            let bySigma = Mmd.UnbiasedSquared(x, y, RbfKernel.WithSigma 1e-4)
            let byGamma = Mmd.UnbiasedSquared(x, y, RbfKernel.WithGamma 1e-4)
            Expect.isLessThan (abs bySigma) 1e-30 "sigma 1e-4: every off-diagonal kernel value underflows"
            Expect.isGreaterThan byGamma 1e-4 "gamma 1e-4: above the paper's threshold for a shift of 0.5 per dimension"

        testCase "pairwise squared distances match the loop reference and are never negative" <| fun () ->
            use rng = new torch.Generator(8UL)
            use a = randn rng 6L 3L
            use b = randn rng 4L 3L
            use d2 = SquaredDistances.Between(a, a)
            Expect.isGreaterThanOrEqual (d2.min().item<float32>() |> float) 0.0 "clamped at 0 (the diagonal)"
            use ab = SquaredDistances.Between(a, b)
            let ra, rb, got = Reference.rows a, Reference.rows b, Reference.rows ab
            for i in 0 .. 5 do
                for j in 0 .. 3 do
                    Expect.floatClose { absolute = 1e-5; relative = 1e-5 } got.[i].[j] (Reference.squaredDistance ra.[i] rb.[j]) $"d2[{i},{j}]"

        testCase "unequal sample sizes are an error that gives both shapes" <| fun () ->
            use x = torch.zeros(4L, 2L)
            use y = torch.zeros(5L, 2L)
            try
                Mmd.UnbiasedSquared(x, y, RbfKernel.WithGamma 1.0) |> ignore
                failtest "samples of 4 and 5 codes must not compare"
            with :? System.ArgumentException as e ->
                Expect.stringContains e.Message "[4, 2]" "names the first shape"
                Expect.stringContains e.Message "[5, 2]" "names the second shape"
    ]
