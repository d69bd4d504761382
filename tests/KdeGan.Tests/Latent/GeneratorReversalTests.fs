module KdeGan.Tests.Latent.GeneratorReversalTests

open Expecto
open TorchSharp
open KdeGan.Core.Latent
open KdeGan.Tests.Latent

let private codeDim = 8L

/// A small random generator z (8) -> 64 "pixels": Linear, optional BatchNorm, Tanh, Linear, Tanh.
let private smallGenerator (withNorm: bool) : torch.nn.Module<torch.Tensor, torch.Tensor> =
    torch.random.manual_seed 1234L |> ignore
    let layers: torch.nn.Module<torch.Tensor, torch.Tensor>[] =
        [| yield torch.nn.Linear(codeDim, 48L)
           if withNorm then yield torch.nn.BatchNorm1d(48L)
           yield torch.nn.Tanh()
           yield torch.nn.Linear(48L, 64L)
           yield torch.nn.Tanh() |]
    torch.nn.Sequential(layers)

/// x = G(z*) for n codes z* ~ N(shift, I), made without gradients.
let private imagesOf (g: torch.nn.Module<torch.Tensor, torch.Tensor>) (rng: torch.Generator) (n: int64) (shift: float) =
    use _ = torch.no_grad ()
    let z = torch.randn([| n; codeDim |], generator = rng).add(shift.ToScalar())
    z, g.call(z)

let private norms (t: torch.Tensor) = Reference.rows t |> Array.map (fun r -> sqrt (Array.sumBy (fun v -> v * v) r))

[<Tests>]
let tests =
    testSequenced <| testList "GeneratorReversal" [
        testCase "Proposition 1: reversal of x = G(z*) from z0 drives the loss to ~0 and recovers z*" <| fun () ->
            use g = smallGenerator false
            use rng = new torch.Generator(21UL)
            let zStar, x = imagesOf g rng 16L 0.0
            let settings = ReversalSettings(MaxSteps = 400, LearningRate = 0.2)
            use result = GeneratorReversal.Reverse(g, x, codeDim, settings, rng)
            let first, last = result.LossTrace.[0], result.LossTrace.[result.LossTrace.Count - 1]
            Expect.isLessThan last (1e-4 * first) "loss falls by four orders of magnitude"
            let errors = Array.map2 (fun e s -> e / s) (norms (result.Codes - zStar)) (norms zStar)
            Expect.isLessThan (Array.max errors) 0.02 "every code within 2% of its z* (relative L2)"
            Expect.equal result.Steps 400 "fixed step count"
            Expect.equal result.Stop ReversalStop.StepCap "stopped by the cap"
            Expect.equal result.LossTrace.Count 400 "one loss per step"

        testCase "reversal leaves the generator as it was: weights, grads, requires_grad, mode, batch-norm statistics" <| fun () ->
            use g = smallGenerator true
            use rng = new torch.Generator(2UL)
            let _, x = imagesOf g rng 8L 0.0
            for batchStats, mode in [ true, false; false, true ] do
                g.train mode
                let before = g.state_dict() |> Seq.map (fun kv -> kv.Key, kv.Value.clone()) |> Map.ofSeq
                let settings = ReversalSettings(MaxSteps = 5, UseBatchStatistics = batchStats)
                use result = GeneratorReversal.Reverse(g, x, codeDim, settings, rng)
                Expect.equal g.training mode "train/eval mode restored"
                for p in g.parameters() do
                    Expect.isTrue p.requires_grad "requires_grad restored"
                    Expect.isNull (box p.grad) "no gradient reached the weights"
                for kv in g.state_dict() do
                    Expect.isTrue (kv.Value.allclose(before.[kv.Key], 0.0, 0.0)) $"{kv.Key} unchanged (batch statistics {batchStats})"

        testCase "the MMD rule stops earlier when data codes differ from generated codes than when they do not" <| fun () ->
            use g = smallGenerator false
            use rng = new torch.Generator(4UL)
            let settings =
                ReversalSettings(
                    MaxSteps = 60, LearningRate = 0.2, MmdThreshold = System.Nullable 0.3, MmdKernel = RbfKernel.WithGamma 0.1)
            let _, generated = imagesOf g rng 32L 0.0
            let _, sameData = imagesOf g rng 32L 0.0
            let _, farData = imagesOf g rng 32L 2.0
            use easy = GeneratorReversal.Reverse(g, farData, codeDim, settings, rng, generated)
            use hard = GeneratorReversal.Reverse(g, sameData, codeDim, settings, rng, generated)
            Expect.equal easy.Stop ReversalStop.MmdThreshold "easy case: stopped by the MMD rule"
            Expect.isLessThan easy.Steps hard.Steps "easy case stops first"
            Expect.isGreaterThan easy.MmdTrace.[easy.MmdTrace.Count - 1] 0.3 "last MMD^2 is above the threshold"
            Expect.equal easy.MmdTrace.Count easy.Steps "one MMD^2 per update"
            let reference = Reference.mmd2 0.1 (Reference.rows easy.Codes) (Reference.rows (match easy.GeneratedCodes with null -> failtest "generated codes returned" | c -> c))
            Expect.floatClose { absolute = 1e-9; relative = 1e-6 } easy.MmdTrace.[easy.Steps - 1] reference "traced MMD^2 is Eq. 3 of the returned codes"

        testCase "a loss threshold stops before the update once the data loss is at or below it" <| fun () ->
            use g = smallGenerator false
            use rng = new torch.Generator(6UL)
            let _, x = imagesOf g rng 8L 0.0
            let settings = ReversalSettings(MaxSteps = 400, LearningRate = 0.2, LossThreshold = System.Nullable 0.01)
            use result = GeneratorReversal.Reverse(g, x, codeDim, settings, rng)
            Expect.equal result.Stop ReversalStop.LossThreshold "stopped by the loss rule"
            Expect.isLessThanOrEqual result.LossTrace.[result.Steps] 0.01 "the last traced loss meets it"
            Expect.isGreaterThan result.LossTrace.[result.Steps - 1] 0.01 "the one before did not"

        testCase "a warm start at z* begins at zero loss" <| fun () ->
            use g = smallGenerator false
            use rng = new torch.Generator(9UL)
            let zStar, x = imagesOf g rng 8L 0.0
            use result = GeneratorReversal.Reverse(g, x, codeDim, ReversalSettings.FixedSteps 1, rng, warmStart = zStar)
            Expect.floatClose { absolute = 1e-10; relative = 0.0 } result.LossTrace.[0] 0.0 "already reversed"

        testCase "with a mean over pixels the first step is 1/pixels of the summed loss's step" <| fun () ->
            use g = smallGenerator false
            let _, x = imagesOf g (new torch.Generator(1UL)) 4L 0.0
            let step loss =
                use rng = new torch.Generator(77UL)
                let z0 = GeneratorReversal.InitialCodes(4L, codeDim, ReversalSettings.PaperInitialStd, new torch.Generator(77UL))
                use r = GeneratorReversal.Reverse(g, x, codeDim, ReversalSettings(MaxSteps = 1, Loss = loss), rng)
                r.Codes - z0
            let bySum, byMean = step ReversalLoss.SumOverPixels, step ReversalLoss.MeanOverPixels
            let ratio = (bySum.norm().item<float32>() / byMean.norm().item<float32>()) |> float
            Expect.floatClose { absolute = 0.0; relative = 1e-4 } ratio 64.0 "64 pixels"

        testCase "a reversal leaves no live tensors behind once its result is disposed" <| fun () ->
            use g = smallGenerator true
            use rng = new torch.Generator(3UL)
            let _, x = imagesOf g rng 8L 0.0
            let _, generated = imagesOf g rng 8L 0.0
            let settings = ReversalSettings(MaxSteps = 20, MmdThreshold = System.Nullable 1e9, UseBatchStatistics = true)
            GeneratorReversal.Reverse(g, x, codeDim, settings, rng, generated).Dispose()
            // Tensors other tests left to the garbage collector are finalised first, so the count
            // below moves only with what this reversal creates and frees.
            System.GC.Collect()
            System.GC.WaitForPendingFinalizers()
            let before = torch.Tensor.TotalCount
            GeneratorReversal.Reverse(g, x, codeDim, settings, rng, generated).Dispose()
            Expect.equal torch.Tensor.TotalCount before "every per-step temporary was freed"

        testCase "one step on a linear generator is z0 - lr * 2 W^T (W z0 + b - x), as computed in float64 loops" <| fun () ->
            torch.random.manual_seed 5L |> ignore
            use g = torch.nn.Linear(codeDim, 12L)
            use rng = new torch.Generator(8UL)
            use x = torch.randn([| 3L; 12L |], generator = rng)
            let z0 = GeneratorReversal.InitialCodes(3L, codeDim, 0.5, new torch.Generator(99UL))
            use result = GeneratorReversal.Reverse(g, x, codeDim, ReversalSettings(MaxSteps = 1, InitialStd = 0.5, LearningRate = 0.3), new torch.Generator(99UL))
            let w, b = Reference.rows g.weight, (Reference.rows ((match g.bias with null -> failtest "a bias" | t -> t).unsqueeze 0)).[0]
            let xs, zs, got = Reference.rows x, Reference.rows z0, Reference.rows result.Codes
            for i in 0 .. 2 do
                let residual = Array.init 12 (fun o -> b.[o] + Array.fold2 (fun acc wj zj -> acc + wj * zj) 0.0 w.[o] zs.[i] - xs.[i].[o])
                for j in 0 .. int codeDim - 1 do
                    let grad = 2.0 * Array.sum (Array.init 12 (fun o -> w.[o].[j] * residual.[o]))
                    Expect.floatClose { absolute = 1e-5; relative = 1e-5 } got.[i].[j] (zs.[i].[j] - 0.3 * grad) $"z[{i},{j}]"

        testCase "reversing a generated batch alongside does not change the data codes, with batch statistics or in eval mode" <| fun () ->
            use g = smallGenerator true
            use rng = new torch.Generator(12UL)
            let _, x = imagesOf g rng 8L 0.0
            let _, generated = imagesOf g rng 8L 1.0
            for batchStats in [ true; false ] do
                let settings = ReversalSettings(MaxSteps = 10, LearningRate = 0.2, UseBatchStatistics = batchStats)
                use alone = GeneratorReversal.Reverse(g, x, codeDim, settings, new torch.Generator(40UL))
                use paired = GeneratorReversal.Reverse(g, x, codeDim, settings, new torch.Generator(40UL), generated)
                Expect.isTrue (alone.Codes.allclose(paired.Codes, 1e-5, 1e-6)) $"same data codes (batch statistics {batchStats})"

        testCase "the MMD rule without a generated batch is an error naming the setting" <| fun () ->
            use g = smallGenerator false
            use rng = new torch.Generator(1UL)
            let _, x = imagesOf g rng 4L 0.0
            let settings = ReversalSettings(MaxSteps = 3, MmdThreshold = System.Nullable 1e-4)
            try
                GeneratorReversal.Reverse(g, x, codeDim, settings, rng) |> ignore
                failtest "MMD rule without a generated batch must fail"
            with :? System.ArgumentException as e ->
                Expect.stringContains e.Message "MmdThreshold" "names the setting"
    ]
