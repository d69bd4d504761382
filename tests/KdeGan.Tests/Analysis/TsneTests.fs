module KdeGan.Tests.Analysis.TsneTests

open System
open Expecto
open TorchSharp
open KdeGan.Core.Analysis
open KdeGan.Tests.Analysis.AnalysisData

/// Reference optimiser with plain loops in float64: the same initial embedding (torch's
/// generator with the seed, times 1e-4), then the reference update rule for `iterations` steps.
let private referenceEmbedding (p: float[][]) (options: TsneOptions) =
    let n = p.Length
    use gen = new torch.Generator(uint64 options.Seed)
    use init = torch.randn(int64 n, 2L, torch.ScalarType.Float64, generator = gen)
    let y = toRows init |> Array.map (Array.map ((*) 1e-4))
    let update = Array.init n (fun _ -> Array.zeroCreate 2)
    let gains = Array.init n (fun _ -> Array.create 2 1.0)
    let eta = options.StepSize(int64 n)
    for it in 0 .. options.Iterations - 1 do
        let ex = if it < options.ExaggerationIterations then options.EarlyExaggeration else 1.0
        let mom = if it < options.MomentumSwitchIteration then options.InitialMomentum else options.FinalMomentum
        let k = Array.init n (fun i -> Array.init n (fun j -> if i = j then 0.0 else 1.0 / (1.0 + squaredDistance y.[i] y.[j])))
        let z = k |> Array.sumBy Array.sum
        let grad =
            Array.init n (fun i ->
                Array.init 2 (fun c ->
                    let mutable g = 0.0
                    for j in 0 .. n - 1 do
                        g <- g + (ex * p.[i].[j] - k.[i].[j] / z) * k.[i].[j] * (y.[i].[c] - y.[j].[c])
                    g))
        for i in 0 .. n - 1 do
            for c in 0 .. 1 do
                let g = grad.[i].[c]
                gains.[i].[c] <- max options.MinGain (if sign g <> sign update.[i].[c] then gains.[i].[c] + 0.2 else gains.[i].[c] * 0.8)
                update.[i].[c] <- mom * update.[i].[c] - eta * gains.[i].[c] * g
                y.[i].[c] <- y.[i].[c] + update.[i].[c]
        for c in 0 .. 1 do
            let mean = y |> Array.averageBy (fun r -> r.[c])
            for i in 0 .. n - 1 do y.[i].[c] <- y.[i].[c] - mean
    y

/// Shortened schedule for the cluster tests: exaggeration and momentum switch at 100.
let private clusterOptions seed iterations precision =
    TsneOptions(Iterations = iterations, ExaggerationIterations = 100, MomentumSwitchIteration = 100, Seed = seed, Precision = precision)

[<Tests>]
let tests =
    testList "Tsne" [
        testCase "the optimiser matches a float64 loop reference step for step" <| fun () ->
            let rows, _ = blobs 2 3 8 6 3.0
            use x = toTensor torch.ScalarType.Float64 rows
            let options =
                TsneOptions(Perplexity = 5.0, Iterations = 12, ExaggerationIterations = 5, MomentumSwitchIteration = 7,
                            Seed = 42L, Precision = torch.ScalarType.Float64)
            use p = PerplexityCalibration.JointProbabilities(x, options.Perplexity)
            let expected = referenceEmbedding (toRows p) options
            use y = Tsne.Embed(x, options)
            let actual = toRows y
            for i in 0 .. rows.Length - 1 do
                for c in 0 .. 1 do
                    Expect.floatClose { absolute = 1e-12; relative = 1e-8 } actual.[i].[c] expected.[i].[c] $"y[{i}, {c}]"

        testCase "three well-separated Gaussian clusters in 50 dimensions stay separated in 2-D" <| fun () ->
            let rows, labels = blobs 7 3 50 50 3.0
            use x = toTensor torch.ScalarType.Float32 rows
            use l = torch.tensor labels
            use y = Tsne.Embed(x, clusterOptions 1L 500 torch.ScalarType.Float32)
            Expect.equal y.shape [| 150L; 2L |] "N x 2 output"
            Expect.isTrue (y.isfinite().all().item<bool>()) "finite embedding"
            let accuracy = KnnAccuracy.LeaveOneOut(y, l, k = 5)
            Expect.isGreaterThanOrEqual accuracy 0.98 "5-NN label accuracy of the embedding"

        testCase "the same seed gives the same embedding and another seed a different one" <| fun () ->
            let rows, _ = blobs 9 3 20 50 3.0
            use x = toTensor torch.ScalarType.Float32 rows
            let options seed = TsneOptions(Perplexity = 10.0, Iterations = 60, Seed = seed)
            use a = Tsne.Embed(x, options 5L)
            use b = Tsne.Embed(x, options 5L)
            use c = Tsne.Embed(x, options 6L)
            Expect.isTrue (identical a b) "same seed, bit-identical"
            Expect.isFalse (a.allclose(c, rtol = 1e-3, atol = 1e-6)) "another seed, another embedding"

        testCase "the reported KL divergence falls after early exaggeration and is reported at the last iteration" <| fun () ->
            let rows, _ = blobs 4 3 30 50 3.0
            use x = toTensor torch.ScalarType.Float64 rows
            let reports = Collections.Generic.List<TsneProgress>()
            let progress = { new IProgress<TsneProgress> with member _.Report r = reports.Add r }
            use _y = Tsne.Embed(x, clusterOptions 3L 330 torch.ScalarType.Float64, progress)
            Expect.equal [ for r in reports -> r.Iteration ] [ 50; 100; 150; 200; 250; 300; 330 ] "every 50 and the last"
            let at i = reports |> Seq.find (fun r -> r.Iteration = i) |> fun r -> r.KlDivergence
            Expect.isLessThan (at 330) (at 150) "KL lower at the end than after exaggeration"
            Expect.isGreaterThan (at 330) 0.0 "KL is positive"

        testCase "float64 precision returns float64 and the auto learning rate is N / 12" <| fun () ->
            let rows, _ = blobs 1 2 12 5 3.0
            use x = toTensor torch.ScalarType.Float32 rows
            let options = TsneOptions(Perplexity = 5.0, Iterations = 5, LearningRate = Nullable(), Precision = torch.ScalarType.Float64)
            use y = Tsne.Embed(x, options)
            Expect.equal y.dtype torch.ScalarType.Float64 "precision setting"
            Expect.floatClose Accuracy.veryHigh (options.StepSize 24L) 2.0 "24 / 12"

        testCase "bad settings and inputs are errors that name them" <| fun () ->
            use x = torch.zeros(20L, 3L)
            let message f = (Expect.throwsC f id: exn).Message
            Expect.stringContains (message (fun () -> Tsne.Embed(x, TsneOptions(Perplexity = 5.0, Iterations = 0)) |> ignore)) "Iterations" "iterations"
            Expect.stringContains (message (fun () -> Tsne.Embed(x, TsneOptions(Perplexity = 5.0, Precision = torch.ScalarType.Float16)) |> ignore)) "Precision" "precision"
            Expect.stringContains (message (fun () -> Tsne.Embed(torch.zeros(20L), TsneOptions(Perplexity = 5.0)) |> ignore)) "N x d" "shape"
            use bad = torch.full(20L, 3L, Double.NaN)
            Expect.stringContains (message (fun () -> Tsne.Embed(bad, TsneOptions(Perplexity = 5.0)) |> ignore)) "finite" "NaN input"
    ]
