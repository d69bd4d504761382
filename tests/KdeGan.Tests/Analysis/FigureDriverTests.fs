module KdeGan.Tests.Analysis.FigureDriverTests

open System
open System.IO
open Expecto
open TorchSharp
open KdeGan.Core.Analysis.Figures
open KdeGan.Core.Nets
open KdeGan.Core.Runs
open KdeGan.Tests.Analysis.FigureSetup

let private tinyLayout () = DcganLayout.For(1, 28, 28, 8, 0.0625)

[<Tests>]
let tests =
    testList "FigureDrivers" [
        testCase "Figure 1 writes an error curve that falls with the steps, a grid and a manifest, and skips an unchanged rerun" <| fun () ->
            let root = dataRoot ()
            let spec = writeSpec "figure1" [ "mnist" ] """{ "images": 6, "max_steps": 8, "grid_steps": [0, 4, 8], "shown": 3 }"""
            let ctx = context spec [] root
            let outcome = run ctx false
            Expect.equal outcome.Status "completed" "first run computes"
            let table = ResultsTable.Load(ctx.File "errors.csv")
            let mse = table.Numbers "mse_per_pixel"
            Expect.equal mse.Length 9 "steps 0..8"
            Expect.isTrue (mse |> Array.forall Double.IsFinite) "finite errors"
            Expect.isLessThan mse.[8] mse.[0] "the error after 8 steps is below the error at the start"
            Expect.isTrue (File.Exists(ctx.File "reconstructions.png")) "reconstruction grid written"
            let manifest = RunManifest.Load(ctx.File "manifest.json")
            Expect.equal manifest.ConfigHash (ctx.Hash()) "manifest carries the config hash"
            Expect.equal manifest.Status "completed" "manifest says completed"
            Expect.equal (run ctx false).Status "skipped" "same config: skipped"
            Expect.equal (run ctx true).Status "completed" "--force recomputes"
            let changed = context spec [ "analysis.max_steps=4"; "analysis.grid_steps=[0,4]" ] root
            Expect.notEqual (changed.Hash()) (ctx.Hash()) "a changed parameter changes the hash"

        testCase "an unknown analysis key is an error naming the file and the key" <| fun () ->
            let spec = writeSpec "figure4" [ "mnist" ] """{ "kernal": [] }"""
            let ctx = context spec [] "."
            let e = Expect.throwsC (fun () -> ctx.Read<Figure4Parameters>() |> ignore) id
            Expect.stringContains e.Message spec "names the file"
            Expect.stringContains e.Message "kernal" "names the key"

        testCase "an analysis profile that is not a profile is an error naming the key" <| fun () ->
            let spec = writeSpec "figure8" [ "mnist" ] """{ "profiles": { "fast": { "pairs": 1 } } }"""
            let e = Expect.throwsC (fun () -> ExperimentSpec.Load spec |> ignore) id
            Expect.stringContains e.Message "analysis.profiles.fast" "names the key"

        testCase "profile parameters and --set analysis.* override the shared parameters in that order" <| fun () ->
            let spec = writeSpec "figure8" [ "mnist" ] """{ "pairs": 5, "points": 7, "profiles": { "smoke": { "pairs": 2, "reversal": { "steps": 3 } } } }"""
            let p = (context spec [ "analysis.points=4" ] ".").Read<Figure8Parameters>()
            Expect.equal p.Pairs 2 "the smoke profile's pairs"
            Expect.equal p.Points 4 "the command line's points"
            Expect.equal p.Reversal.Steps 3 "nested profile value"
            Expect.equal p.Reversal.LearningRate 1.0 "untouched default"

        testCase "Figure 4 MMD is numerically 0 (below 1e-30) with sigma=1e-4 and positive with gamma=1e-4 after reversal" <| fun () ->
            let root = dataRoot ()
            let spec =
                writeSpec "figure4" [ "mnist" ]
                    """{ "batch_size": 8, "steps": 4, "repeats": 1, "permutations": 10,
                         "kernels": [ { "form": "sigma", "value": 1e-4 }, { "form": "gamma", "value": 1e-4 } ],
                         "reversal": { "learning_rate": 0.1 } }"""
            let ctx = context spec [] root
            Expect.equal (run ctx false).Status "completed" "computed"
            let table = ResultsTable.Load(ctx.File "mmd.csv")
            let sigma = (table.Where("kernel", "sigma=0.0001")).Numbers "mmd2"
            let gamma = (table.Where("kernel", "gamma=0.0001")).Numbers "mmd2"
            Expect.equal sigma.Length 5 "steps 0..4"
            Expect.isTrue (sigma |> Array.forall (fun v -> abs v < 1e-30)) $"sigma reading: off-diagonal kernel values exp(-5e7 d^2) vanish, MMD^2 ~ 0 at every step (%A{sigma})"
            Expect.isGreaterThan gamma.[4] 0.0 "gamma reading: MMD^2 > 0 after 4 steps"
            Expect.isTrue (File.Exists(ctx.File "tests.csv")) "permutation tests written"

        testCase "Figure 3 writes both embeddings and kNN accuracies between 0 and 1, reusing the trained generator" <| fun () ->
            let root = dataRoot ()
            let spec = writeSpec "figure3" [ "mnist" ] """{ "images": 30, "k": 3, "perplexity": 5, "tsne_iterations": 30, "reversal": { "steps": 3, "batch_size": 15, "learning_rate": 0.1 } }"""
            let ctx = context spec [] root
            // The Figure 4 test may have trained it already; either way it exists afterwards.
            Expect.equal (run ctx false).Status "completed" "computed"
            for name in [ "trained"; "untrained" ] do
                let t = ResultsTable.Load(ctx.File $"tsne-{name}.csv")
                Expect.equal t.Count 30 $"{name}: one point per image"
                Expect.isTrue (t.Numbers "x" |> Array.forall Double.IsFinite) $"{name}: finite embedding"
            let knn = SettingsJson.ParseFile(ctx.File "knn.json")
            for key in [ "knn_accuracy_trained"; "knn_accuracy_untrained"; "knn_accuracy_pixels" ] do
                let v = (nonNull knn.[key]).GetValue<float>()
                Expect.isTrue (v >= 0.0 && v <= 1.0) $"{key} = {v} is an accuracy"
            let progress = RecordingProgress()
            use train = KdeGan.Core.Data.DatasetCatalog.Load("mnist", true, root)
            use g = FigureGenerator.Trained(ctx, "dcgan", "generators", train, progress, Threading.CancellationToken.None)
            Expect.exists progress.Messages (fun m -> m.StartsWith "reusing") "a completed run of the same config is reused, not retrained"

        testCase "Figure 8 path images start and end at the decodes of the two codes" <| fun () ->
            use g = FigureGenerator.Random(tinyLayout (), 3)
            use a = torch.randn(8L, generator = new torch.Generator(1UL))
            use b = torch.randn(8L, generator = new torch.Generator(2UL))
            use row = Figure8Driver.PathImages(g, a, b, 6, false)
            use ends = g.Decode(torch.stack([| a; b |]))
            Expect.equal row.shape.[0] 6L "one image per point"
            Expect.isTrue (torch.allclose(row.[0L], ends.[0L], 1e-5, 1e-6)) "first image is G(a)"
            Expect.isTrue (torch.allclose(row.[5L], ends.[1L], 1e-5, 1e-6)) "last image is G(b)"

        testCase "Figure 21 samples lie within their radius and the grids are written" <| fun () ->
            let root = dataRoot ()
            let spec = writeSpec "figure21" [ "mnist" ] """{ "seed_images": 2, "radii": [0.5, 1, 2, 4], "samples": 3, "reversal": { "steps": 2, "learning_rate": 0.1 } }"""
            let ctx = context spec [] root
            Expect.equal (run ctx false).Status "completed" "computed"
            let t = ResultsTable.Load(ctx.File "samples.csv")
            Expect.equal t.Count (4 * 2 * 3) "radii x seeds x samples"
            for r, d in Array.zip (t.Numbers "radius") (t.Numbers "code_distance") do
                Expect.isTrue (d <= r * (1.0 + 1e-5)) $"distance {d} within radius {r}"
            for k in 1 .. 4 do
                Expect.isTrue (File.Exists(ctx.File $"neighbourhood-{k}.png")) $"grid {k} written"

        testCase "a dataset without data is recorded as missing and the manifest says so" <| fun () ->
            let spec = writeSpec "figure1" [ "svhn" ] """{ "images": 2, "max_steps": 1, "grid_steps": [0], "shown": 1 }"""
            let cleanup, empty = KdeGan.Tests.TestData.tempDir ()
            use _ = cleanup
            let ctx = context spec [] empty
            let outcome = run ctx false
            Expect.equal outcome.Status "missing" "no SVHN folder"
            Expect.equal (RunManifest.Load(ctx.File "manifest.json")).Status "missing" "manifest records it"
    ]
