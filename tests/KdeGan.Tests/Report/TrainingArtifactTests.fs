module KdeGan.Tests.Report.TrainingArtifactTests

open System
open System.IO
open Expecto
open KdeGan.Core.Report
open KdeGan.Core.Runs
open KdeGan.Tests

/// A completed run folder with a metrics.csv of the given columns, written as the loop writes them.
let private writeRunWith (status: string) (root: string) (relative: string) (iterations: int) (extra: (string * (int -> float)) list) =
    let dir = Path.Combine(root, relative)
    Directory.CreateDirectory(Path.Combine(dir, "samples")) |> ignore
    let manifest =
        RunManifest(Seed = 1, ConfigHash = "h", GitCommit = "c", Packages = Collections.Generic.Dictionary(),
                    Threads = 1, Device = "cpu", Machine = "m", Started = DateTimeOffset.UnixEpoch, Status = status,
                    IterationsDone = int64 iterations, IterationsPlanned = int64 iterations)
    manifest.Save(Path.Combine(dir, "manifest.json"))
    let header = String.Join(",", [ "iteration"; "epoch"; "d_loss"; "g_loss"; "d_acc_real"; "d_acc_fake"; "seconds" ] @ List.map fst extra)
    let rows =
        [ for i in 1..iterations ->
            let values = [ float i; 0.0; 1.0; 2.0 / float i; 0.8; 0.6; 0.1 ] @ (extra |> List.map (fun (_, f) -> f i))
            String.Join(",", values |> List.map (fun v -> v.ToString("R", Globalization.CultureInfo.InvariantCulture))) ]
    File.WriteAllLines(Path.Combine(dir, "metrics.csv"), header :: rows)
    dir

let private writeRun = writeRunWith "completed"

let private evaluation iteration metric mean std = Evaluation(iteration, metric, mean, std, 100L, 200L, "test-scorer")

let private image (path: string) =
    use images = TorchSharp.torch.zeros(4L, 1L, 8L, 8L)
    ImageGrid.Save(path, images, 2)

let private context root paper = ReportContext(root, "smoke", paper)

[<Tests>]
let tests =
    testList "TrainingArtifacts" [
        testCase "metrics.csv parses into columns and a bad cell names the file and line" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let run = writeRun dir "a/smoke/mnist/dcgan/seed-1" 3 [ "reversal_steps", float ]
            let table = MetricsTable.Read(Path.Combine(run, "metrics.csv"))
            Expect.sequenceEqual (table.Column "g_loss") [ 2.0; 1.0; 2.0 / 3.0 ] "g_loss column"
            Expect.sequenceEqual (table.Column "reversal_steps") [ 1.0; 2.0; 3.0 ] "the method's extra column"
            File.AppendAllText(Path.Combine(run, "metrics.csv"), "4,0,x,1,1,1,1,1\n")
            let e = Expect.throwsC (fun () -> MetricsTable.Read(Path.Combine(run, "metrics.csv")) |> ignore) id
            Expect.stringContains e.Message "line 5" "names the line"
            Expect.stringContains e.Message "'x'" "names the cell"

        testCase "evaluations append in order and replace an earlier value of the same iteration and metric" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            EvaluationLog.Append(dir, [ evaluation 20L "is" 2.0 0.1 ])
            EvaluationLog.Append(dir, [ evaluation 10L "is" 1.5 0.1; evaluation 20L "is" 2.5 0.2 ])
            let all = EvaluationLog.Read dir
            Expect.sequenceEqual (all |> Seq.map (fun e -> e.Iteration, e.Mean)) [ 10L, 1.5; 20L, 2.5 ] "sorted, replaced"
            Expect.equal all.[1].NFake 200L "sample counts kept beside the number"

        testCase "runs are found with dataset, method, phase and seed from their folders; unfinished runs are left out" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            writeRun dir "mnist/dcgan/seed-2" 2 [] |> ignore
            writeRun dir "mnist1000/kdegan/restricted/seed-1" 2 [] |> ignore
            writeRunWith "running" dir "mnist/dcgan/seed-3" 2 [] |> ignore
            let runs = RunResults.Find dir
            Expect.sequenceEqual (runs |> Seq.map (fun r -> r.Dataset, r.Method, r.Phase, r.Seed))
                [ "mnist", "dcgan", null, 2; "mnist1000", "kdegan", "restricted", 1 ] "completed runs only, parsed"

        testCase "Figure 5 and Figure 9 render IS, reversal steps, D accuracy and G loss per dataset" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let results, paper = Path.Combine(dir, "results"), Path.Combine(dir, "paper")
            for seed in 1..2 do
                for artifact in [ "figure5"; "figure9" ] do
                    let d = writeRun results $"{artifact}/smoke/mnist/dcgan/seed-{seed}" 20 []
                    let k = writeRun results $"{artifact}/smoke/mnist/kdegan/seed-{seed}" 20 [ "reversal_steps", fun i -> float (i % 5) ]
                    for run in [ d; k ] do EvaluationLog.Append(run, [ evaluation 10L "is" (1.0 + float seed) 0.1; evaluation 20L "is" 2.0 0.1 ])
            Figure5Report().Render(context results paper)
            Figure9Report().Render(context results paper)
            for name in [ "figure5-mnist-is"; "figure5-mnist-steps"; "figure9-mnist-d-accuracy"; "figure9-mnist-g-loss" ] do
                Expect.isTrue (File.Exists(Path.Combine(paper, "figures", name + ".png"))) $"{name}.png in paper/figures"
                Expect.isTrue (File.Exists(Path.Combine(results, "figures", "smoke", name + ".svg"))) $"{name}.svg in results/figures"

        testCase "Figures 6 and 7 copy each method's sample composites and the dataset grid" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let results, paper = Path.Combine(dir, "results"), Path.Combine(dir, "paper")
            for artifact in [ "figure6"; "figure7" ] do
                for m in [ "dcgan"; "kdegan" ] do
                    let run = writeRun results $"{artifact}/smoke/mnist/{m}/seed-1" 2 []
                    for file in [ "figure6.png"; "final.png"; "dataset.png" ] do image (Path.Combine(run, "samples", file))
            Figure6Report().Render(context results paper)
            Figure7Report().Render(context results paper)
            for name in [ "figure6-mnist-dcgan"; "figure6-mnist-kdegan"; "figure7-mnist-kdegan"; "figure7-mnist-data" ] do
                Expect.isTrue (File.Exists(Path.Combine(paper, "figures", name + ".png"))) $"{name}.png"

        testCase "Table 1 puts our mean nearest-neighbour distance beside the paper's" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let results, paper = Path.Combine(dir, "results"), Path.Combine(dir, "paper")
            EvaluationLog.Append(writeRun results "table1/smoke/mnist/dcgan/seed-1" 2 [], [ evaluation 2L "nn" 5.25 0.25 ])
            EvaluationLog.Append(writeRun results "table1/smoke/mnist/kdegan/seed-1" 2 [], [ evaluation 1L "nn" 9.0 0.5; evaluation 2L "nn" 4.5 0.75 ])
            Table1Report().Render(context results paper)
            let tex = File.ReadAllText(Path.Combine(paper, "tables", "table1.tex"))
            Expect.stringContains tex "mnist & $5.25 \\pm 0.25$ & $4.56 \\pm 0.34$ & $4.50 \\pm 0.75$ & $4.26 \\pm 0.37$" "ours (final iteration) beside the paper"
            Expect.stringContains tex "table1/smoke/mnist/dcgan/seed-1/evaluations.json" "first line names the sources"

        testCase "Table 2 gives mean and std over seeds per phase with the paper's value, and the modes table" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let results, paper = Path.Combine(dir, "results"), Path.Combine(dir, "paper")
            for seed, score in [ 1, 100.0; 2, 110.0 ] do
                let run = writeRun results $"table2/smoke/mnist1000/kdegan/restricted/seed-{seed}" 2 []
                EvaluationLog.Append(run, [ evaluation 2L "is" score 1.0; evaluation 2L "modes" 64.0 0.0; evaluation 2L "kl" Double.PositiveInfinity 0.0 ])
            Table2Report().Render(context results paper)
            let tex = File.ReadAllText(Path.Combine(paper, "tables", "table2.tex"))
            Expect.stringContains tex "Generator Reversal & $105.0 \\pm 5.0$ (99) & -- (289) & -- (291)" "mean ± population std over seeds, paper in brackets"
            Expect.stringContains tex "Vanilla GAN & -- (107)" "methods without runs show a dash"
            let modes = File.ReadAllText(Path.Combine(paper, "tables", "table2-modes.tex"))
            Expect.stringContains modes "Generator Reversal & $64 \\pm 0$ & $\\infty$" "modes covered and an infinite KL"

        testCase "the wall-clock table reads the bench's ratios per width and a malformed file names itself" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let results, paper = Path.Combine(dir, "results"), Path.Combine(dir, "paper")
            Directory.CreateDirectory(Path.Combine(results, "bench")) |> ignore
            let bench = Path.Combine(results, "bench", "reversal-overhead.json")
            File.WriteAllText(bench, """{"widths":[{"profile":"cpu","width":0.125,"iterations":[{"steps":0,"ratio_to_zero":1},{"steps":5,"ratio_to_zero":4.25}]}]}""")
            WallClockReport().Render(context results paper)
            let tex = File.ReadAllText(Path.Combine(paper, "tables", "wallclock.tex"))
            Expect.stringContains tex "5 & $4.25$ & $1.9$" "ours beside the paper's 1.9"
            Expect.stringContains tex "50 & -- & $9.8$" "a step count only the paper measured"
            File.WriteAllText(bench, """{"rows":[]}""")
            let e = Expect.throwsC (fun () -> WallClockReport().Render(context results paper)) id
            Expect.stringContains e.Message "reversal-overhead.json" "names the file"

        testCase "a report without results names the folder and the target to run" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let e = Expect.throwsC (fun () -> Table2Report().Render(context dir dir)) id
            Expect.stringContains e.Message "-t Table2" "names the target"
            Expect.equal (ArtifactReports.For("figure5").Artifact) "figure5" "registered"
    ]
