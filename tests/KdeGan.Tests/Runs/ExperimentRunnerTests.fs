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

        testCase "the config hash leaves the artifact out and nothing else" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = writeExperiment dir ""
            let c = (ExperimentRunner.Plan(ExperimentSpec.Load path, request path dir null)).[0].Config
            let variant artifact profile seed =
                ResolvedConfig(Artifact = artifact, Profile = profile, Dataset = c.Dataset, Method = c.Method, Seed = seed, Settings = c.Settings)
            Expect.equal ((variant "elsewhere" c.Profile c.Seed).Hash()) (c.Hash()) "same run, other artifact: same hash"
            Expect.notEqual ((variant c.Artifact c.Profile 2).Hash()) (c.Hash()) "another seed: another hash"
            Expect.notEqual ((variant c.Artifact "cpu" c.Seed).Hash()) (c.Hash()) "another profile: another hash"

        testCase "a completed run another artifact trained is copied, not retrained, and then reused" <| fun () ->
            let data = Path.GetDirectoryName(TestData.requireReal "mnist")
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let first = writeExperiment dir ""
            run (request first dir data) None null |> ignore
            let second = Path.Combine(dir, "other-test.json")
            File.WriteAllText(second, File.ReadAllText(first).Replace("\"runner-test\"", "\"other-test\""))
            let actions, outcomes = run (request second dir data) None null
            Expect.equal (actions, outcomes) ([ "mnist/dcgan/seed-1:copy" ], [ "skipped", 4L ]) "copied"
            let runDir artifact = Path.Combine(dir, artifact, "smoke", "mnist", "dcgan", "seed-1")
            Expect.sequenceEqual (File.ReadAllLines(Path.Combine(runDir "other-test", "metrics.csv"))) (File.ReadAllLines(Path.Combine(runDir "runner-test", "metrics.csv"))) "the same metrics"
            Expect.equal (ResolvedConfig.Load(Path.Combine(runDir "other-test", "config.json"))).Artifact "other-test" "config.json names its own artifact"
            Expect.equal (RunManifest.Load(Path.Combine(runDir "other-test", "manifest.json"))).CopiedFrom (Path.Combine("..", "..", "..", "..", "runner-test", "smoke", "mnist", "dcgan", "seed-1")) "the manifest names the source"
            Expect.isFalse (Directory.EnumerateDirectories(Path.Combine(dir, "other-test", "smoke", "mnist", "dcgan")) |> Seq.exists (fun d -> d.Contains ".copying")) "no temporary folder left"
            let actions, _ = run (request second dir data) None null
            Expect.equal actions [ "mnist/dcgan/seed-1:reuse" ] "the copy is reused like a run of its own"

        testCase "a run is not copied from one that lacks the evaluations made during training" <| fun () ->
            let data = Path.GetDirectoryName(TestData.requireReal "mnist")
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let first = writeExperiment dir ""
            run (request first dir data) None null |> ignore
            let second = Path.Combine(dir, "other-test.json")
            let text = File.ReadAllText(first).Replace("\"runner-test\"", "\"other-test\"")
            File.WriteAllText(second, text.Substring(0, text.LastIndexOf '}') + ", \"evaluation\": { \"metrics\": [\"is\"], \"every\": { \"smoke\": 2 }, \"samples\": { \"smoke\": 10 } } }")
            let evaluator = FakeEvaluator()
            let actions, _ = run (request second dir data) None evaluator
            Expect.equal actions [ "mnist/dcgan/seed-1:train" ] "trained: the source has no IS after iteration 2"
            Expect.sequenceEqual evaluator.Iterations [ 2L; 4L ] "scored during its own training"

        testCase "an evaluation spec covers training when every metric is logged after every multiple of 'every' from as many samples" <| fun () ->
            let every = System.Collections.Generic.Dictionary(dict [ "cpu", 300L ])
            let samples = System.Collections.Generic.Dictionary(dict [ "cpu", 2000 ])
            let spec = EvaluationSpec(Metrics = [| "is"; "nn" |], Every = every, Samples = samples)
            let logged (entries: (string * int64 * int64) list) = [ for (m, i, n) in entries -> Evaluation(i, m, 1.0, 0.0, 0L, n, "s") ]
            let full = logged [ for i in [ 300L; 600L ] do for m in [ "is"; "nn" ] -> (m, i, 2000L) ]
            Expect.isTrue (spec.CoversTraining(full, "cpu", 600L)) "all there"
            Expect.isFalse (spec.CoversTraining(full |> List.filter (fun e -> not (e.Metric = "nn" && e.Iteration = 300L)), "cpu", 600L)) "nn after 300 missing"
            Expect.isFalse (spec.CoversTraining(logged [ for i in [ 300L; 600L ] do for m in [ "is"; "nn" ] -> (m, i, 1000L) ], "cpu", 600L)) "from fewer samples"
            Expect.isTrue (spec.CoversTraining([], "smoke", 600L)) "no 'every' at this profile: nothing needed"
            Expect.sequenceEqual (spec.MissingAt(full |> List.filter (fun e -> e.Metric = "is"), 600L)) [ "nn" ] "nn missing at 600"
    ]
