module KdeGan.Tests.Runs.RunScorerTests

open System.IO
open System.Threading
open Expecto
open KdeGan.Core.Data
open KdeGan.Core.Runs
open KdeGan.Core.Scoring
open KdeGan.Core.Training
open KdeGan.Tests

/// A 4-iteration smoke DCGAN on real MNIST in its own folder.
let private trainedRun (dir: string) =
    let config =
        TrainingRun.Resolve(TrainRequest(Dataset = "mnist", Method = "dcgan", Profile = "smoke", Seed = 1,
                                         Overrides = [ "system.threads=1"; "training.iterations=4"; "training.checkpoint_every=4" ]))
    let paths = RunPaths(Path.Combine(dir, "run"))
    use data = DatasetCatalog.Load("mnist", true, nonNull (Path.GetDirectoryName(TestData.requireReal "mnist")))
    let silent = { new ITrainingProgress with
                     member _.Started _ = ()
                     member _.Iteration _ = ()
                     member _.Message _ = () }
    TrainingRun.Execute(config, paths, data, false, silent, CancellationToken.None) |> ignore
    paths

[<Tests>]
let tests =
    testSequenced <| testList "RunScorer" [
        testCase "scores a run's checkpoint once per metric and iteration; rescore replaces with the same numbers" <| fun () ->
            let dataRoot = nonNull (Path.GetDirectoryName(TestData.requireReal "mnist"))
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let paths = trainedRun dir
            let spec = EvaluationSpec(Metrics = [| "is"; "nn" |], Samples = System.Collections.Generic.Dictionary(dict [ "smoke", 50 ]))
            let scorers = ScorerCatalog.OwnModelsDir(DataLocation.RepositoryRoot())
            use scorer = new RunScorer(spec, "smoke", dataRoot, scorers)
            let first = scorer.Evaluate(paths, 4L)
            Expect.sequenceEqual (first |> Seq.map (fun e -> e.Metric) |> Seq.sort) [ "is"; "nn" ] "both metrics"
            Expect.isTrue (first |> Seq.forall (fun e -> e.NFake = 50L && e.Iteration = 4L)) "50 samples after iteration 4"
            Expect.isEmpty (scorer.Evaluate(paths, 4L)) "already logged: skipped"
            use again = new RunScorer(spec, "smoke", dataRoot, scorers, rescore = true)
            let second = again.Evaluate(paths, 4L)
            Expect.sequenceEqual (second |> Seq.map (fun e -> e.Metric, e.Mean)) (first |> Seq.map (fun e -> e.Metric, e.Mean)) "the evaluation stream is fixed: same numbers"
            Expect.equal (EvaluationLog.Read(paths.Root).Count) 2 "replaced, not appended"
    ]
