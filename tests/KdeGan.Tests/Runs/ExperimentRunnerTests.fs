module KdeGan.Tests.Runs.ExperimentRunnerTests

open System.IO
open System.Threading
open Expecto
open KdeGan.Core.Data
open KdeGan.Core.Runs
open KdeGan.Core.Training
open KdeGan.Tests

/// A 4-iteration MNIST experiment at smoke width with checkpoints every 2 iterations; extra JSON members are spliced in.
let private writeExperiment (dir: string) (extra: string) =
    let path = Path.Combine(dir, "runner-test.json")
    File.WriteAllText(path, $"""{{ "artifact": "runner-test", "datasets": ["mnist"], "methods": ["dcgan"], "seeds": 1,
      "settings": {{ "system": {{ "threads": 1 }} }},
      "profiles": {{ "smoke": {{ "training": {{ "iterations": 4, "batch_size": 10, "checkpoint_every": 2, "metrics_flush_every": 2 }} }} }}{extra} }}""")
    path

let private requestWith path results dataRoot force (overrides: string[]) =
    ExperimentRequest(ExperimentPath = path, Profile = "smoke", ResultsRoot = results, DataDir = dataRoot, Force = force, Overrides = overrides)

let private request path results dataRoot = requestWith path results dataRoot false [||]

/// Records what the runner did; optionally cancels after an iteration (an interruption).
type private Recorder(cancelAt: int64 option, cancel: CancellationTokenSource) =
    member val Actions = ResizeArray<string>()
    interface IExperimentProgress with
        member this.RunStarting(run, _, _, action) =
            this.Actions.Add($"{run.Label}:{action}")
            { new ITrainingProgress with
                member _.Started _ = ()
                member _.Iteration r = if Some r.Iteration = cancelAt then cancel.Cancel()
                member _.Message _ = () }
        member _.RunFinished(_, _) = ()
        member this.RunFailed(run, e) = this.Actions.Add($"{run.Label}:failed ({e.Message})")
        member _.DatasetSkipped(_, _) = ()

/// Scores nothing real: records the iterations it was asked about and stores one number each.
type private FakeEvaluator() =
    member val Iterations = ResizeArray<int64>()
    interface IRunEvaluator with
        member this.Evaluate(paths, iteration) =
            this.Iterations.Add iteration
            let e = [ Evaluation(iteration, "is", float iteration, 0.0, 0L, 10L, "fake") ]
            EvaluationLog.Append(paths.Root, e)
            e

let private run req (cancelAt: int64 option) evaluator =
    use cancel = new CancellationTokenSource()
    let recorder = Recorder(cancelAt, cancel)
    let outcomes = ExperimentRunner.Run(req, recorder, evaluator, cancel.Token)
    List.ofSeq recorder.Actions, outcomes |> Seq.map (fun o -> o.Status, o.Iterations) |> List.ofSeq

[<Tests>]
let tests =
    testSequenced <| testList "ExperimentRunner" [
        testCase "phases get their own folders and continue_from links to the earlier phase's run" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = writeExperiment dir """, "phases": [ { "name": "a" }, { "name": "b", "continue_from": "a", "settings": { "training": { "learning_rate": 0.001 } } } ]"""
            let plan = ExperimentRunner.Plan(ExperimentSpec.Load path, request path dir null)
            Expect.equal plan.Count 2 "one run per phase"
            Expect.stringContains plan.[1].Paths.Root (Path.Combine("mnist", "dcgan", "b", "seed-1")) "phase folder between method and seed"
            Expect.equal plan.[1].ContinueFrom plan.[0] "b continues from a"
            Expect.floatClose Accuracy.veryHigh plan.[1].Config.Settings.Training.LearningRate 0.001 "phase settings applied"
            Expect.floatClose Accuracy.veryHigh plan.[0].Config.Settings.Training.LearningRate 3e-4 "only to that phase"

        testCase "a phase continuing from an unknown phase, or digits on a dataset other than mnist1000, is an error naming the key" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let bad = writeExperiment dir """, "phases": [ { "name": "b", "continue_from": "a" } ]"""
            let e = Expect.throwsC (fun () -> ExperimentSpec.Load bad |> ignore) id
            Expect.stringContains e.Message "phases.b.continue_from" "names the key"
            let digits = writeExperiment dir """, "phases": [ { "name": "r", "digits": [6, 7] } ]"""
            let e2 = Expect.throwsC (fun () -> ExperimentRunner.Plan(ExperimentSpec.Load digits, request digits dir null) |> ignore) id
            Expect.stringContains e2.Message "phases.r.digits" "names the key"

        testCase "a completed run of the same config is reused, --force retrains, an interrupted one resumes" <| fun () ->
            let data = Path.GetDirectoryName(TestData.requireReal "mnist")
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = writeExperiment dir ""
            let req = request path dir data
            let actions, outcomes = run req (Some 3L) null
            Expect.equal (actions, outcomes) ([ "mnist/dcgan/seed-1:train" ], [ "cancelled", 3L ]) "interrupted during iteration 3: checkpoint after it"
            let actions, outcomes = run req None null
            Expect.equal (actions, outcomes) ([ "mnist/dcgan/seed-1:resume" ], [ "completed", 4L ]) "resumed from the checkpoint"
            let actions, outcomes = run req None null
            Expect.equal (actions, outcomes) ([ "mnist/dcgan/seed-1:reuse" ], [ "skipped", 4L ]) "reused"
            let actions, _ = run (requestWith path dir data true [||]) None null
            Expect.equal actions [ "mnist/dcgan/seed-1:train" ] "--force retrains"
            let actions, _ = run (requestWith path dir data false [| "training.learning_rate=0.001" |]) None null
            Expect.equal actions [ "mnist/dcgan/seed-1:train" ] "another config hash retrains"

        testCase "a failing run (an unknown method) is reported and the runner goes on with the others" <| fun () ->
            let data = Path.GetDirectoryName(TestData.requireReal "mnist")
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = writeExperiment dir ""
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"methods\": [\"dcgan\"]", "\"methods\": [\"nosuch\", \"dcgan\"]"))
            let actions, outcomes = run (request path dir data) None null
            Expect.equal outcomes [ "failed", 0L; "completed", 4L ] "nosuch failed, dcgan ran"
            Expect.stringContains actions.[1] "unknown method 'nosuch'" "the failure says why"

        testCase "a continued phase starts from its source's checkpoint and counts iterations on; both are reused after" <| fun () ->
            let data = Path.GetDirectoryName(TestData.requireReal "mnist")
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = writeExperiment dir """, "phases": [ { "name": "a" }, { "name": "b", "continue_from": "a" } ]"""
            let req = request path dir data
            let actions, outcomes = run req None null
            Expect.equal outcomes [ "completed", 4L; "completed", 8L ] "b runs iterations 5..8"
            let runDir phase = Path.Combine(dir, "runner-test", "smoke", "mnist", "dcgan", phase, "seed-1")
            let a = File.ReadAllLines(Path.Combine(runDir "a", "metrics.csv"))
            let b = File.ReadAllLines(Path.Combine(runDir "b", "metrics.csv"))
            Expect.equal b.Length 9 "header and 8 rows"
            Expect.sequenceEqual b.[0..4] a "b's first rows are a's"
            Expect.equal (Checkpoint.ReadIteration(Path.Combine(runDir "b", "checkpoints", "last.ckpt"))) 8L "b's checkpoint after iteration 8"
            let actions, _ = run req None null
            Expect.equal actions [ "mnist/dcgan/a/seed-1:reuse"; "mnist/dcgan/b/seed-1:reuse" ] "both reused"

        testCase "evaluation runs at checkpoints that are multiples of evaluation.every and once at the end" <| fun () ->
            let data = Path.GetDirectoryName(TestData.requireReal "mnist")
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = writeExperiment dir """, "evaluation": { "metrics": ["is"], "every": { "smoke": 2 } }"""
            let evaluator = FakeEvaluator()
            run (request path dir data) None evaluator |> ignore
            Expect.sequenceEqual evaluator.Iterations [ 2L; 4L ] "at 2 and 4, the final one not twice"
            let reused = FakeEvaluator()
            run (request path dir data) None reused |> ignore
            Expect.isEmpty reused.Iterations "a reused run already scored at its end is not scored again"
    ]
