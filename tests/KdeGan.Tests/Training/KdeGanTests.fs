module KdeGan.Tests.Training.KdeGanTests

open System
open System.IO
open System.Threading
open Expecto
open TorchSharp
open KdeGan.Core.Data
open KdeGan.Core.Latent
open KdeGan.Core.Nets
open KdeGan.Core.Runs
open KdeGan.Core.Training
open KdeGan.Tests
open KdeGan.Tests.Training.GanLoopTests

/// Smoke settings (width 1/16, batch 20) for kdegan with a short reversal cap.
let kdeConfig seed overrides =
    TrainingRun.Resolve(TrainRequest(Dataset = "mnist", Method = "kdegan", Profile = "smoke", Seed = seed,
                                     Overrides = [ yield "system.threads=1"; yield "reversal.max_steps=6"; yield! overrides ]))

/// 100 random images: five batches of 20 per epoch, so a few iterations revisit examples.
let small () =
    use rng = new torch.Generator(7UL)
    new ImageDataset("synthetic/train", torch.randn([| 100L; 1L; 28L; 28L |], generator = rng).tanh(), torch.zeros([| 100L |], torch.ScalarType.Int64))

/// A KDE-GAN built directly (no loop) on 1x28x28 images at smoke width.
let methodFor (cfg: ResolvedConfig) trainCount =
    let s = cfg.Settings
    let layout = DcganLayout.For(1, 28, 28, s.Model.LatentDim, s.Model.Width, s.Model.BatchNorm)
    use init = TorchSetup.Stream(cfg.Seed, RngPurpose.Init)
    new KdeGanMethod(GanContext(layout, s, torch.CPU, init, trainCount))

let column (paths: RunPaths) name =
    let lines = File.ReadAllLines paths.Metrics
    let at = lines[0].Split(',') |> Array.findIndex ((=) name)
    lines |> Array.skip 1 |> Array.map (fun l -> float (l.Split(',')[at]))

/// Metrics rows without the two wall-clock columns (seconds, reversal_seconds).
let rowsWithoutTimes (paths: RunPaths) =
    let lines = File.ReadAllLines paths.Metrics
    let timed = lines[0].Split(',') |> Array.map (fun c -> c = "seconds" || c = "reversal_seconds")
    lines |> Array.map (fun l -> l.Split(',') |> Array.zip timed |> Array.filter (fst >> not) |> Array.map snd |> String.concat ",")

let resumeMatches bank =
    let d, dir = TestData.tempDir ()
    use _ = d
    use data = small ()
    // 7 iterations of 5 batches per epoch: the per-example bank warm-starts batches 6 and 7 after the resume.
    let cfg = kdeConfig 5 [ "training.iterations=7"; "training.checkpoint_every=3"; $"reversal.bank={bank}"; "reversal.window_batches=3" ]
    let whole = RunPaths(Path.Combine(dir, "whole"))
    run cfg whole data false SilentProgress.Instance CancellationToken.None |> ignore
    let split = RunPaths(Path.Combine(dir, "split"))
    use source = new CancellationTokenSource()
    run cfg split data false (CancelAfter(4L, source)) source.Token |> ignore
    run cfg split data true SilentProgress.Instance CancellationToken.None |> ignore
    Expect.equal (rowsWithoutTimes split) (rowsWithoutTimes whole) $"{bank}: resumed rows (all but wall-clock columns) equal uninterrupted rows"
    Expect.equal (File.ReadAllBytes split.FinalSamples) (File.ReadAllBytes whole.FinalSamples) $"{bank}: same final samples"

let step (real: torch.Tensor) (indices: int64[]) (rng: torch.Generator) iteration =
    TrainingStep(Iteration = iteration, Epoch = 0, Real = real, Indices = indices, Rng = rng)

[<Tests>]
let tests =
    testList "KdeGan" [
        testCase "KDE-GAN trains on a slice of real MNIST without NaN and logs reversal steps within the cap" <| fun () ->
            TestData.requireReal "mnist" |> ignore
            let d, dir = TestData.tempDir ()
            use _ = d
            use full = DatasetCatalog.Load("mnist", true, (TestData.realDataRoot ()).Value)
            use data = new ImageDataset("mnist/slice", full.Images.narrow(0, 0, 200).clone(), full.Labels.narrow(0, 0, 200).clone())
            let paths = RunPaths(Path.Combine(dir, "mnist"))
            let outcome = run (kdeConfig 1 [ "training.iterations=8"; "reversal.max_steps=20" ]) paths data false SilentProgress.Instance CancellationToken.None
            Expect.equal outcome.Status "completed" "run completes (the divergence guard checks every loss, extra and weight)"
            let steps = column paths "reversal_steps"
            Expect.equal steps.Length 8 "one row per iteration"
            Expect.all steps (fun s -> s >= 1.0 && s <= 20.0) "reversal steps between 1 and the cap"
            Expect.all (column paths "reversal_loss") (fun l -> l > 0.0 && l < 784.0 * 4.0) "loss positive and below the worst case 4 per pixel"
            Expect.all (column paths "kde_bandwidth") (fun h -> h > 0.0) "positive bandwidth"
            Expect.all (column paths "reversal_seconds") (fun s -> s > 0.0) "reversal is timed"

        testCase "the same seed twice gives identical kdegan metrics" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            use data = small ()
            let go name =
                let paths = RunPaths(Path.Combine(dir, name))
                run (kdeConfig 2 [ "training.iterations=4" ]) paths data false SilentProgress.Instance CancellationToken.None |> ignore
                rowsWithoutTimes paths
            Expect.equal (go "a") (go "b") "same rows apart from the wall-clock columns"

        testCase "a resumed run with a window bank writes the rows of an uninterrupted one" <| fun () -> resumeMatches "window"
        testCase "a resumed run with a per-example bank writes the rows of an uninterrupted one" <| fun () -> resumeMatches "per_example"
        testCase "a resumed run with a current-batch bank writes the rows of an uninterrupted one" <| fun () -> resumeMatches "current_batch"

        testCase "each bank mode holds the codes its mode says" <| fun () ->
            use rng = new torch.Generator(3UL)
            use data = small ()
            let batch i = data.Images.narrow(0, 20L * int64 i, 20L)
            let indices i = [| for k in 0 .. 19 -> int64 (20 * i + k) |]
            let count bank iterations =
                use m = methodFor (kdeConfig 1 [ $"reversal.bank={bank}"; "reversal.window_batches=2"; "mmd.threshold=null" ]) 100L
                for i in 0 .. iterations - 1 do m.BeforeUpdates(step (batch i) (indices i) rng (int64 i + 1L))
                use z = m.SampleLatent(7L, rng)
                Expect.equal z.shape [| 7L; 200L |] $"{bank}: KDE samples have the latent shape"
                m.Bank.Count
            Expect.equal (count "current_batch" 3) 20L "current batch: the last batch only"
            Expect.equal (count "window" 3) 40L "window of 2: the last two batches"
            Expect.equal (count "per_example" 3) 60L "per example: one code per image seen"

        testCase "a per-example bank warm-starts a revisited batch from its stored codes" <| fun () ->
            use rng = new torch.Generator(4UL)
            use data = small ()
            let real = data.Images.narrow(0, 0L, 20L)
            let idx = [| 0L .. 19L |]
            use m = methodFor (kdeConfig 1 [ "reversal.bank=per_example"; "mmd.threshold=null"; "reversal.max_steps=1" ]) 100L
            m.BeforeUpdates(step real idx rng 1L)
            use first = m.Bank.Codes()
            m.BeforeUpdates(step real idx rng 2L)
            use second = m.Bank.Codes()
            // From z0 ~ 1e-4 one step moves codes by the gradient at ~0; a second step from the stored codes
            // moves them again, so the two differ by about as much as the first did from 0.
            let firstNorm = first.norm().item<float32>() |> float
            let moved = (second - first).norm().item<float32>() |> float
            Expect.isGreaterThan firstNorm 1e-3 "the first step moved the codes away from z0"
            Expect.isLessThan (abs ((second.norm().item<float32>() |> float) - firstNorm)) (firstNorm * 10.0) "second codes are of the warm-started scale"
            Expect.isGreaterThan moved 0.0 "the second reversal continued from the stored codes"

        testCase "the MMD rule stops before the cap when data and generated codes separate, and not without a threshold" <| fun () ->
            use data = small ()
            // All-white data: every data code descends the same direction while the generated codes
            // chase G's own outputs, so the two code sets separate within a few steps.
            use white = torch.ones([| 20L; 1L; 28L; 28L |])
            let steps overrides =
                use rng = new torch.Generator(5UL)
                use m = methodFor (kdeConfig 1 ([ "reversal.max_steps=40"; "reversal.bank=current_batch" ] @ overrides)) 100L
                let s = step white [||] rng 1L
                m.BeforeUpdates s
                s.Extras["reversal_steps"], s.Extras["mmd2"]
            let stopped, mmd = steps [ "mmd.threshold=1e-6"; "mmd.scale=1" ]
            Expect.isLessThan stopped 40.0 "stopped before the cap"
            Expect.isGreaterThan mmd 1e-6 "stopped because MMD^2 exceeded the threshold"
            let capped, _ = steps [ "mmd.threshold=null" ]
            Expect.equal capped 40.0 "without a threshold the reversal runs to the cap"

        testCase "reverse writes codes, labels and a sidecar for a trained run's checkpoint" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            use data = small ()
            let paths = RunPaths(Path.Combine(dir, "run"))
            run (kdeConfig 1 [ "training.iterations=2" ]) paths data false SilentProgress.Instance CancellationToken.None |> ignore
            use labelled = new ImageDataset("synthetic/test", data.Images.narrow(0, 0, 30).clone(), torch.arange(30L, dtype = torch.ScalarType.Int64))
            let r = DatasetReversal.Execute(paths, data, labelled, "test", 25L, 3)
            Expect.equal (FileInfo(r.CodesPath).Length) (25L * 200L * 4L) "25 x 200 float32 codes, no header"
            let labels = File.ReadAllBytes r.LabelsPath
            Expect.equal labels.Length (25 * 8) "25 int64 labels"
            Expect.equal (BitConverter.ToInt64(labels, 24 * 8)) 24L "labels in dataset order"
            let codes = File.ReadAllBytes r.CodesPath
            let values = Array.init (25 * 200) (fun i -> BitConverter.ToSingle(codes, 4 * i))
            Expect.all values Single.IsFinite "finite codes"
            // z0 comes from the run's training stream; after 3 steps the codes are further from z0 than z0 from 0.
            use stream = TorchSetup.Stream(1, RngPurpose.Training)
            use z0 = GeneratorReversal.InitialCodes(25L, 200L, 1e-4, stream)
            use reversed = torch.tensor(values).reshape(25L, 200L)
            Expect.isGreaterThan ((reversed - z0).norm().item<float32>()) (z0.norm().item<float32>()) "codes moved away from z0"
            let sidecar = File.ReadAllText r.SidecarPath
            Expect.stringContains sidecar "\"rows\": 25" "sidecar gives the rows"
            Expect.stringContains sidecar "\"checkpoint_iteration\": 2" "sidecar names the checkpoint iteration"

        testCase "an unknown bank mode is an error naming reversal.bank" <| fun () ->
            let message = try methodFor (kdeConfig 1 [ "reversal.bank=all" ]) 100L |> ignore; "" with :? SettingsException as e -> e.Message
            Expect.stringContains message "reversal.bank" "the key is named"
            Expect.stringContains message "\"all\"" "the value found is named"
    ]
