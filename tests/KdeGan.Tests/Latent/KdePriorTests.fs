module KdeGan.Tests.Latent.KdePriorTests

open Expecto
open TorchSharp
open MathNet.Numerics.Statistics
open KdeGan.Core.Latent
open KdeGan.Tests.Latent

let private randn (rng: torch.Generator) (n: int64) (d: int64) = torch.randn([| n; d |], generator = rng)

/// Column means and the biased (1/N) covariance of rows, in float64 loops.
let private meanAndCovariance (rows: float[][]) =
    let n, d = float rows.Length, rows.[0].Length
    let mean = Array.init d (fun j -> rows |> Array.averageBy (fun r -> r.[j]))
    let cov = Array2D.init d d (fun a b -> (rows |> Array.sumBy (fun r -> (r.[a] - mean.[a]) * (r.[b] - mean.[b]))) / n)
    mean, cov

[<Tests>]
let tests =
    testList "KdePrior" [
        testCase "samples have the bank's mean and the bank's covariance plus h^2 I" <| fun () ->
            use rng = new torch.Generator(13UL)
            use bank = (randn rng 40L 3L).mul((2.0).ToScalar())
            let h = 0.5
            use kde = new KdePrior(bank, h)
            use samples = kde.Sample(200000L, rng)
            let bankMean, bankCov = meanAndCovariance (Reference.rows bank)
            let sampleMean, sampleCov = meanAndCovariance (Reference.rows samples)
            for a in 0 .. 2 do
                Expect.floatClose { absolute = 0.02; relative = 0.0 } sampleMean.[a] bankMean.[a] $"mean[{a}]"
                for b in 0 .. 2 do
                    let expected = bankCov.[a, b] + (if a = b then h * h else 0.0)
                    Expect.floatClose { absolute = 0.06; relative = 0.0 } sampleCov.[a, b] expected $"cov[{a},{b}]"

        testCase "log-density equals the float64 reference, with and without the N(0, I) background" <| fun () ->
            use rng = new torch.Generator(17UL)
            use bank = randn rng 30L 4L
            use queries = (randn rng 10L 4L).mul((1.5).ToScalar())
            for lambda in [ 0.0; 0.3 ] do
                use kde = new KdePrior(bank, 0.4, lambda)
                let got = kde.LogDensity(queries).data<float>().ToArray()
                let bankRows = Reference.rows bank
                Reference.rows queries |> Array.iteri (fun i q ->
                    let expected = Reference.kdeLogDensity bankRows 0.4 lambda q
                    Expect.floatClose { absolute = 1e-6; relative = 1e-6 } got.[i] expected $"log p(z_{i}), lambda {lambda}")

        testCase "far from every code the log-density stays finite and exact (log-sum-exp)" <| fun () ->
            use bank = torch.tensor([| 0.0f; 0.0f; 1.0f; 0.0f |]).reshape(2L, 2L)
            use far = torch.tensor([| 100.0f; 0.0f |]).reshape(1L, 2L)
            use kde = new KdePrior(bank, 0.01)
            let got = kde.LogDensity(far).item<float>()
            let expected = Reference.kdeLogDensity (Reference.rows bank) 0.01 0.0 [| 100.0; 0.0 |]
            Expect.isTrue (System.Double.IsFinite got) "no underflow to -inf"
            Expect.floatClose { absolute = 0.0; relative = 1e-9 } got expected "matches the shifted reference"

        testCase "in 1-D the density equals MathNet.Numerics' Gaussian KDE" <| fun () ->
            use rng = new torch.Generator(19UL)
            use bank = randn rng 25L 1L
            let samples = Reference.rows bank |> Array.map (fun r -> r.[0])
            use kde = new KdePrior(bank, 0.3)
            for x in [ -2.0; -0.5; 0.0; 0.7; 3.0 ] do
                use q = torch.tensor([| float32 x |]).reshape(1L, 1L)
                let ours = exp (kde.LogDensity(q).item<float>())
                let mathNet = KernelDensity.EstimateGaussian(float (float32 x), 0.3, samples)
                Expect.floatClose { absolute = 1e-12; relative = 1e-9 } ours mathNet $"p({x})"

        testCase "a chunked log-density equals the unchunked one" <| fun () ->
            use rng = new torch.Generator(23UL)
            use bank = randn rng 50L 6L
            use queries = randn rng 20L 6L
            use whole = new KdePrior(bank, 0.7, 0.1, chunkSize = 4096)
            use chunked = new KdePrior(bank, 0.7, 0.1, chunkSize = 7)
            let a, b = whole.LogDensity(queries).data<float>().ToArray(), chunked.LogDensity(queries).data<float>().ToArray()
            Array.iteri2 (fun i x y -> Expect.floatClose { absolute = 1e-10; relative = 1e-12 } y x $"query {i}") a b

        testCase "the mixture draws a share lambda of its samples from N(0, I)" <| fun () ->
            use rng = new torch.Generator(29UL)
            use bank = torch.full([| 10L; 2L |], (20.0).ToScalar())
            use kde = new KdePrior(bank, 0.1, 0.3)
            use samples = kde.Sample(40000L, rng)
            let background = (samples.norm(1).lt((10.0).ToScalar())).to_type(torch.ScalarType.Float64).mean().item<float>()
            Expect.floatClose { absolute = 0.01; relative = 0.0 } background 0.3 "30% near the origin"

        testCase "Scott and Silverman follow their formulas; holdout picks the sensible candidate" <| fun () ->
            use rng = new torch.Generator(31UL)
            use codes = randn rng 400L 2L
            let rows = Reference.rows codes
            let variance j =
                let m = rows |> Array.averageBy (fun r -> r.[j])
                (rows |> Array.sumBy (fun r -> (r.[j] - m) ** 2.0)) / 399.0
            let s = sqrt ((variance 0 + variance 1) / 2.0)
            Expect.floatClose Accuracy.high (Bandwidths.Scott codes) (s * 400.0 ** (-1.0 / 6.0)) "Scott"
            Expect.floatClose Accuracy.high (Bandwidths.Silverman codes) (s * (4.0 / (400.0 * 4.0)) ** (1.0 / 6.0)) "Silverman"
            let settings = KdeSettings(Rule = BandwidthRule.Holdout, Candidates = [| 0.001; 0.3; 50.0 |])
            use kde = KdePrior.Fit(codes, settings, rng)
            Expect.floatClose Accuracy.veryHigh kde.Bandwidth 0.3 "neither memorising nor flat"

        testCase "a background weight outside [0, 1] is an error naming the setting" <| fun () ->
            use bank = torch.zeros(3L, 2L)
            try
                new KdePrior(bank, 0.1, 1.5) |> ignore
                failtest "lambda 1.5 must be rejected"
            with :? System.ArgumentException as e ->
                Expect.stringContains e.Message "BackgroundWeight" "names the setting"
                Expect.stringContains e.Message "1.5" "names the value"
    ]
