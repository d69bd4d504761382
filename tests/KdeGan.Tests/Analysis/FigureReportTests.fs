module KdeGan.Tests.Analysis.FigureReportTests

open System
open System.IO
open Expecto
open TorchSharp
open KdeGan.Core.Analysis.Figures
open KdeGan.Core.Report
open KdeGan.Core.Runs
open KdeGan.Tests

/// A completed manifest, as a driver leaves it.
let private completed (folder: string) =
    Directory.CreateDirectory folder |> ignore
    let config = ResolvedConfig(Artifact = "x", Profile = "smoke", Dataset = "mnist", Method = "dcgan", Seed = 1, Settings = RunSettings())
    let m = RunManifest.Start(config, 1, "cpu", 0L)
    RunManifest(Seed = m.Seed, ConfigHash = m.ConfigHash, GitCommit = m.GitCommit, Packages = m.Packages, Threads = 1, Device = "cpu",
                Machine = m.Machine, Started = m.Started, Status = "completed").Save(Path.Combine(folder, "manifest.json"))

let private table (path: string) (header: string list) (rows: string list list) =
    let t = ResultsTable(header |> List.toArray)
    for r in rows do t.Add(r |> List.map (fun v -> v :> obj) |> List.toArray)
    t.Save path

let private grid (path: string) =
    use images = torch.rand(6L, 1L, 8L, 8L) * 2.0 - 1.0
    ImageGrid.Save(path, images, 3)

/// Writes a synthetic results folder for each artifact, as its driver would.
let private synthetic (results: string) =
    let folder artifact = Path.Combine(results, artifact, "smoke", "mnist")
    let n (v: float) = v.ToString("R", Globalization.CultureInfo.InvariantCulture)
    let steps = [ for s in 0 .. 5 -> [ string s; n (1.0 / float (s + 1)); "0" ] ]
    for a in [ "figure1"; "figure2"; "figure3"; "figure4"; "figure8"; "figure10"; "figure21" ] do completed (folder a)
    table (Path.Combine(folder "figure1", "errors.csv")) [ "step"; "mse_per_pixel"; "loss_per_image" ] steps
    grid (Path.Combine(folder "figure2", "reconstructions.png"))
    for g in [ "trained"; "untrained" ] do
        table (Path.Combine(folder "figure3", $"tsne-{g}.csv")) [ "x"; "y"; "label" ] [ for i in 0 .. 19 -> [ string i; string (i % 3); string (i % 4) ] ]
    File.WriteAllText(Path.Combine(folder "figure3", "knn.json"), """{ "k": 5, "knn_accuracy_trained": 0.9, "knn_accuracy_untrained": 0.3 }""")
    table (Path.Combine(folder "figure4", "mmd.csv")) [ "repeat"; "step"; "kernel"; "mmd2"; "loss" ]
        [ for r in 0 .. 1 do for s in 0 .. 3 do for k in [ "sigma=0.0001"; "gamma=0.0001" ] -> [ string r; string s; k; n (if k.StartsWith "sigma" then 0.0 else 0.01 * float (s + r)); "1" ] ]
    grid (Path.Combine(folder "figure8", "traversal.png"))
    table (Path.Combine(folder "figure10", "loglik.csv")) [ "method"; "bandwidth"; "mean_log_density"; "std_log_density" ]
        [ for h in [ 0.1; 1.0; 10.0 ] -> [ "dcgan"; n h; n (-(log h) * (log h)); "1" ] ]
    for k in 1 .. 4 do grid (Path.Combine(folder "figure21", $"neighbourhood-{k}.png"))

[<Tests>]
let tests =
    testList "FigureReports" [
        testCase "every latent-figure report renders from a synthetic results folder into results/figures and paper/figures" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let results = Path.Combine(dir, "results")
            synthetic results
            let context = ReportContext(results, "smoke", Path.Combine(dir, "paper"))
            let expected =
                [ "figure1", [ "figure1.png"; "figure1.svg" ]
                  "figure2", [ "figure2-mnist.png" ]
                  "figure3", [ "figure3-mnist-trained.png"; "figure3-mnist-untrained.svg" ]
                  "figure4", [ "figure4-mnist.png"; "figure4-mnist.svg" ]
                  "figure8", [ "figure8-mnist.png" ]
                  "figure10", [ "figure10.png" ]
                  "figure21", [ "figure21-mnist.png"; "figure24-mnist.png" ] ]
            for artifact, files in expected do
                ArtifactReports.For(artifact).Render context
                for f in files do
                    let inResults = Path.Combine(context.ResultsFigures, f)
                    Expect.isTrue (File.Exists inResults) $"{artifact}: {inResults} written"
                    Expect.isGreaterThan (FileInfo(inResults).Length) 100L $"{artifact}: {f} is not empty"
                    Expect.isTrue (File.Exists(Path.Combine(context.PaperFigures, f))) $"{artifact}: {f} copied to paper/figures"

        testCase "a report without results names the folder and the command to run" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let context = ReportContext(Path.Combine(dir, "results"), "cpu", Path.Combine(dir, "paper"))
            let e = Expect.throwsC (fun () -> ArtifactReports.For("figure4").Render context) id
            Expect.stringContains e.Message "kdegan analyse figure4 --experiment experiments/figure4.json --profile cpu" "names the command"
    ]
