module KdeGan.Tests.RegressionTests

open System
open System.IO
open Expecto
open KdeGan.Core.Data
open KdeGan.Core.Runs
open KdeGan.Core.Training
open KdeGan.Tests

let private baseline values =
    RegressionBaseline(Artifact = "table1", Experiment = "experiments/table1.json", Datasets = [| "mnist" |], Methods = [| "dcgan" |],
                       Values = Collections.Generic.List<BaselineValue>(values: BaselineValue seq))

let private quiet =
    { new IExperimentProgress with
        member _.RunStarting(_, _, _, _) = SilentProgress.Instance
        member _.RunFinished(_, _) = ()
        member _.RunFailed(_, e) = raise e
        member _.DatasetSkipped(_, _) = () }

[<Tests>]
let tests =
    testSequenced <| testList "Regression" [
        testCase "values within tolerance pass; a stray or missing value is a difference naming artifact, metric, expected, got and tolerance" <| fun () ->
            let b = baseline [ BaselineValue("mnist/dcgan/seed-1", "nn@20", 24.0, 1e-5); BaselineValue("mnist/dcgan/seed-1", "g_loss@20", 0.5, 1e-5) ]
            let got = [ BaselineValue("mnist/dcgan/seed-1", "nn@20", 24.0 + 24.0 * 5e-6, 1e-5); BaselineValue("mnist/dcgan/seed-1", "g_loss@20", 0.5 + 5e-6, 1e-5) ]
            Expect.isEmpty (b.Compare got) "relative to max(1, |expected|)"
            let stray = b.Compare [ got.[0]; BaselineValue("mnist/dcgan/seed-1", "g_loss@20", 0.5 + 2e-5, 1e-5) ]
            Expect.equal stray.Count 1 "one difference"
            let text = stray.[0].ToString()
            for part in [ "table1"; "g_loss@20"; "expected 0.5"; "got 0.50002"; "tolerance 1E-05" ] do
                Expect.stringContains text part $"message has {part}"
            let missing = b.Compare [ got.[0] ]
            Expect.isTrue (Double.IsNaN missing.[0].Got) "a missing value is a difference"
            Expect.stringContains (missing.[0].ToString()) "got nothing" "says it is missing"

        testCase "a rerun of the committed table1 baseline passes, and fails against a copy with an edited value" <| fun () ->
            let data = Path.GetDirectoryName(TestData.requireReal "mnist")
            let repo = DataLocation.RepositoryRoot()
            let file = Path.Combine(repo, "results", "baselines", "table1.json")
            if not (File.Exists file) then Tests.skiptest $"{file} not found (run the tests from the repository)"
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let committed = RegressionBaseline.Load file
            let got = RegressionSuite.Rerun(committed, repo, dir, data, quiet)
            Expect.isEmpty (committed.Compare got) "the committed baseline holds"
            Expect.isNonEmpty committed.Values "the baseline guards values"
            let copy = Path.Combine(dir, "table1.json")
            let edited = committed.Values |> Seq.mapi (fun i v -> if i = 0 then BaselineValue(v.Run, v.Metric, v.Value + 0.01, v.Tolerance) else v) |> ResizeArray
            (baseline edited).Save copy
            let differences = (RegressionBaseline.Load copy).Compare got
            Expect.equal differences.Count 1 "the edited value is caught"
            Expect.equal differences.[0].Metric committed.Values.[0].Metric "names the edited metric"
    ]
