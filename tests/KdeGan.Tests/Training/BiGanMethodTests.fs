module KdeGan.Tests.Training.BiGanMethodTests

open System.IO
open System.Threading
open Expecto
open KdeGan.Core.Data
open KdeGan.Core.Runs
open KdeGan.Core.Training
open KdeGan.Tests
open KdeGan.Tests.Training.GanLoopTests

let biganConfig seed overrides =
    TrainingRun.Resolve(TrainRequest(Dataset = "mnist", Method = "bigan", Profile = "smoke", Seed = seed, Overrides = [ yield "system.threads=1"; yield! overrides ]))

/// The values of one metrics.csv column by name.
let column (paths: RunPaths) name =
    let lines = File.ReadAllLines paths.Metrics
    let at = lines[0].Split(',') |> Array.findIndex ((=) name)
    lines |> Array.skip 1 |> Array.map (fun l -> float (l.Split(',')[at]))

[<Tests>]
let tests =
    testSequenced <| testList "BiGanMethod" [
        testCase "bigan is registered and its metrics add encoder_recon; the same seed gives identical rows" <| fun () ->
            Expect.contains GanMethods.Names "bigan" "registered"
            let d, dir = TestData.tempDir ()
            use _ = d
            use data = synthetic ()
            let go seed name =
                let paths = RunPaths(Path.Combine(dir, name))
                run (biganConfig seed [ "training.iterations=5" ]) paths data false SilentProgress.Instance CancellationToken.None |> ignore
                paths
            let a = go 1 "a"
            Expect.stringContains (File.ReadAllLines a.Metrics).[0] "encoder_recon" "extra column in the header"
            Expect.equal (rowsWithoutSeconds (go 1 "b")) (rowsWithoutSeconds a) "same seed, same rows"
            Expect.notEqual (rowsWithoutSeconds (go 2 "c")) (rowsWithoutSeconds a) "another seed, other rows"

        testCase "a cancelled and resumed bigan run writes the same rows and samples as an uninterrupted one" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            use data = synthetic ()
            let cfg = biganConfig 3 [ "training.iterations=12"; "training.checkpoint_every=4" ]
            let whole = RunPaths(Path.Combine(dir, "whole"))
            run cfg whole data false SilentProgress.Instance CancellationToken.None |> ignore
            let split = RunPaths(Path.Combine(dir, "split"))
            use source = new CancellationTokenSource()
            let first = run cfg split data false (CancelAfter(5L, source)) source.Token
            Expect.equal first.Status "cancelled" "first part cancelled"
            let second = run cfg split data true SilentProgress.Instance CancellationToken.None
            Expect.equal second.Status "completed" "resumed run completes"
            Expect.equal (rowsWithoutSeconds split) (rowsWithoutSeconds whole) "resumed rows (with encoder_recon) equal uninterrupted rows"
            Expect.equal (File.ReadAllBytes split.FinalSamples) (File.ReadAllBytes whole.FinalSamples) "same final samples"

        testCase "a short bigan run on real MNIST moves both losses and lowers the encoder's reconstruction error" <| fun () ->
            TestData.requireReal "mnist" |> ignore
            let root = (TestData.realDataRoot ()).Value
            let d, dir = TestData.tempDir ()
            use _ = d
            use full = DatasetCatalog.Load("mnist", true, root)
            use data = new ImageDataset("mnist/slice", full.Images.narrow(0, 0, 1000).clone(), full.Labels.narrow(0, 0, 1000).clone())
            let paths = RunPaths(Path.Combine(dir, "mnist"))
            // Smoke width, batch 40, step size 1e-3 (faster than the paper's 3e-4 so that 60 iterations show it):
            // measured 26.1 over iterations 6-20 and 20.2 over the last 10.
            let n = 60
            let outcome = run (biganConfig 1 [ $"training.iterations={n}"; "training.batch_size=40"; "training.learning_rate=0.001"; "samples.every=1000"; "samples.figure6_start=1000" ]) paths data false SilentProgress.Instance CancellationToken.None
            Expect.equal outcome.Status "completed" "run completes"
            Expect.isGreaterThan (column paths "d_loss" |> Array.distinct |> Array.length) 40 "D loss moves"
            Expect.isGreaterThan (column paths "g_loss" |> Array.distinct |> Array.length) 40 "G/E loss moves"
            let recon = column paths "encoder_recon"
            let early, late = Array.average recon[5..19], Array.average recon[n - 10 ..]
            Expect.isLessThan late (0.9 * early) $"encoder_recon falls by more than 10%% (iterations 6-20: {early:F2}, last 10: {late:F2})"
    ]
