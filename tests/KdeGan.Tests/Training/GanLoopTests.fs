module KdeGan.Tests.Training.GanLoopTests

open System
open System.IO
open System.Threading
open Expecto
open TorchSharp
open KdeGan.Core.Data
open KdeGan.Core.Runs
open KdeGan.Core.Training
open KdeGan.Tests

/// 200 random 1x28x28 images in [-1, 1]: enough for several epochs of batch 20.
let synthetic () =
    use rng = new torch.Generator(42UL)
    new ImageDataset("synthetic/train", torch.randn([| 200L; 1L; 28L; 28L |], generator = rng).tanh(), torch.zeros([| 200L |], torch.ScalarType.Int64))

let config seed overrides =
    TrainingRun.Resolve(TrainRequest(Dataset = "mnist", Method = "dcgan", Profile = "smoke", Seed = seed, Overrides = [ yield "system.threads=1"; yield! overrides ]))

/// Metrics rows without the wall-clock column (the only one allowed to differ between runs).
let rowsWithoutSeconds (paths: RunPaths) =
    let lines = File.ReadAllLines paths.Metrics
    let secondsAt = lines[0].Split(',') |> Array.findIndex ((=) "seconds")
    lines |> Array.map (fun l -> l.Split(',') |> Array.removeAt secondsAt |> String.concat ",")

let run cfg (paths: RunPaths) data resume (progress: ITrainingProgress) (cancel: CancellationToken) =
    TrainingRun.Execute(cfg, paths, data, resume, progress, cancel)

/// Cancels (like Ctrl-C) once the given iteration has finished.
type CancelAfter(iteration: int64, source: CancellationTokenSource) =
    interface ITrainingProgress with
        member _.Started _ = ()
        member _.Iteration r = if r.Iteration = iteration then source.Cancel()
        member _.Message _ = ()

[<Tests>]
let tests =
    testList "GanLoop" [
        testCase "the same seed twice gives identical metrics, and another seed different ones" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            use data = synthetic ()
            let go seed name =
                let paths = RunPaths(Path.Combine(dir, name))
                run (config seed [ "training.iterations=6" ]) paths data false SilentProgress.Instance CancellationToken.None |> ignore
                rowsWithoutSeconds paths
            let a = go 1 "a"
            Expect.equal a.Length 7 "header and 6 rows"
            Expect.equal (go 1 "b") a "same seed, same rows"
            Expect.notEqual (go 2 "c") a "another seed, other rows"

        testCase "a run cancelled after iteration 5 and resumed writes the same rows as an uninterrupted run" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            use data = synthetic ()
            // 12 iterations of batch 20 over 200 images cross an epoch boundary after 10.
            let cfg = config 3 [ "training.iterations=12"; "training.checkpoint_every=4" ]
            let whole = RunPaths(Path.Combine(dir, "whole"))
            run cfg whole data false SilentProgress.Instance CancellationToken.None |> ignore
            let split = RunPaths(Path.Combine(dir, "split"))
            use source = new CancellationTokenSource()
            let first = run cfg split data false (CancelAfter(5L, source)) source.Token
            Expect.equal (first.Status, first.Iterations) ("cancelled", 5L) "stops after the iteration in progress"
            Expect.equal (Checkpoint.ReadIteration split.LastCheckpoint) 5L "checkpoint written on cancel"
            let second = run cfg split data true SilentProgress.Instance CancellationToken.None
            Expect.equal second.Status "completed" "the resumed run completes"
            Expect.equal (rowsWithoutSeconds split) (rowsWithoutSeconds whole) "resumed rows equal uninterrupted rows"
            Expect.equal (RunManifest.Load(split.Manifest).ResumedAt |> List.ofSeq) [ 5L ] "manifest records the resume"
            Expect.equal (File.ReadAllBytes split.FinalSamples) (File.ReadAllBytes whole.FinalSamples) "same final samples"

        testCase "a NaN weight stops the run naming iteration and weight, keeping the last good checkpoint" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            use data = synthetic ()
            let paths = RunPaths(Path.Combine(dir, "nan"))
            let cfg = config 1 [ "training.iterations=10"; "training.checkpoint_every=2"; "training.inject_nan_at=3" ]
            let e = try run cfg paths data false SilentProgress.Instance CancellationToken.None |> ignore; failwith "no divergence" with :? DivergenceException as e -> e
            Expect.equal e.Iteration 3L "iteration named"
            Expect.stringContains e.Message "weight generator." "the generator weight is named"
            Expect.equal (Checkpoint.ReadIteration paths.LastCheckpoint) 2L "last good checkpoint kept"
            Expect.equal (RunManifest.Load(paths.Manifest).Status) "diverged" "manifest says diverged"
            Expect.equal ((File.ReadAllLines paths.Metrics).Length) 3 "rows up to iteration 2 kept"

        testCase "a short run on real MNIST moves both losses and changes the samples" <| fun () ->
            TestData.requireReal "mnist" |> ignore
            let root = (TestData.realDataRoot ()).Value
            let d, dir = TestData.tempDir ()
            use _ = d
            use full = DatasetCatalog.Load("mnist", true, root)
            use data = new ImageDataset("mnist/slice", full.Images.narrow(0, 0, 400).clone(), full.Labels.narrow(0, 0, 400).clone())
            let paths = RunPaths(Path.Combine(dir, "mnist"))
            let outcome = run (config 1 [ "training.iterations=16"; "samples.every=8"; "samples.figure6_start=2"; "samples.figure6_every=2"; "samples.figure6_rows=8" ]) paths data false SilentProgress.Instance CancellationToken.None
            Expect.equal outcome.Status "completed" "run completes"
            let rows = File.ReadAllLines paths.Metrics |> Array.skip 1 |> Array.map (fun l -> l.Split ',')
            let column i = rows |> Array.map (fun r -> float r[i])
            Expect.isGreaterThan (column 2 |> Array.distinct |> Array.length) 8 "D loss moves"
            Expect.isGreaterThan (column 3 |> Array.distinct |> Array.length) 8 "G loss moves"
            Expect.notEqual (File.ReadAllBytes(paths.SampleGrid 8L)) (File.ReadAllBytes(paths.SampleGrid 16L)) "samples change between step 8 and 16"
            Expect.isTrue (File.Exists paths.Figure6) "figure 6 composite written"
            Expect.equal (Directory.GetFiles(paths.Figure6Rows).Length) 8 "one figure 6 row per scheduled step"
            Expect.isTrue (File.Exists paths.Config && File.Exists paths.Log) "config.json and log.txt written"
    ]
