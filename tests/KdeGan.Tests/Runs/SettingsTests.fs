module KdeGan.Tests.Runs.SettingsTests

open System.IO
open Expecto
open KdeGan.Core.Runs
open KdeGan.Tests

let writeExperiment dir (json: string) =
    let path = Path.Combine(dir, "exp.json")
    File.WriteAllText(path, json)
    path

[<Tests>]
let tests =
    testList "Settings" [
        testCase "the defaults are the appendix: z 200, width 1, batch 100, RMSProp 3e-4, batch norm on" <| fun () ->
            let s = SettingsResolver.Resolve(null, "paper", [])
            Expect.equal (s.Model.LatentDim, s.Model.Width, s.Training.BatchSize, s.Model.BatchNorm) (200, 1.0, 100, true) "model and batch"
            Expect.floatClose Accuracy.veryHigh s.Training.LearningRate 3e-4 "step size"
            Expect.equal (s.Training.ResolveIterations("mnist", 60000L)) 1800L "3 epochs of MNIST at batch 100"

        testCase "layers apply in order: experiment settings < profile < experiment profile < --set" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            let path = writeExperiment dir """{ "artifact": "t", "datasets": ["mnist"], "methods": ["dcgan"],
                "settings": { "training": { "batch_size": 7, "learning_rate": 0.1 }, "model": { "width": 0.5 } },
                "profiles": { "smoke": { "training": { "learning_rate": 0.2 } } } }"""
            let spec = ExperimentSpec.Load path
            let s = SettingsResolver.Resolve(spec, "smoke", [ "model.latent_dim=12" ])
            Expect.equal s.Training.BatchSize 20 "the smoke profile's batch size beats the experiment's settings"
            Expect.floatClose Accuracy.veryHigh s.Training.LearningRate 0.2 "the experiment's profile section beats the built-in profile"
            Expect.floatClose Accuracy.veryHigh s.Model.Width 0.0625 "the built-in profile beats the experiment's settings"
            Expect.equal s.Model.LatentDim 12 "--set beats everything"

        testCase "unknown keys and wrong types name the key and the file" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            let message json =
                let path = writeExperiment dir json
                try
                    SettingsResolver.Resolve(ExperimentSpec.Load path, "cpu", []) |> ignore
                    failtest "expected a SettingsException"
                    ""
                with :? SettingsException as e -> e.Message
            let unknown = message """{ "artifact": "t", "datasets": ["mnist"], "methods": ["dcgan"], "settings": { "training": { "batch_sise": 7 } } }"""
            Expect.stringContains unknown "batch_sise" "unknown key named"
            Expect.stringContains unknown "exp.json" "file named for the unknown key"
            let wrongType = message """{ "artifact": "t", "datasets": ["mnist"], "methods": ["dcgan"], "settings": { "model": { "width": "wide" } } }"""
            Expect.stringContains wrongType "width" "mistyped key named"
            Expect.stringContains wrongType "exp.json" "file named for the wrong type"
            let topLevel = message """{ "artifact": "t", "datasets": ["mnist"], "methods": ["dcgan"], "seed": 3 }"""
            Expect.stringContains topLevel "seed" "unknown top-level key named"

        testCase "a bad --set names the flag and the key" <| fun () ->
            let e = try SettingsResolver.Resolve(null, "smoke", [ "training.batch_size=many" ]) |> ignore; "" with :? SettingsException as e -> e.Message
            Expect.stringContains e "--set training.batch_size=many" "flag named"
            Expect.stringContains e "batch_size" "key named"

        testCase "the config hash is stable and changes with any setting" <| fun () ->
            let config seed overrides =
                ResolvedConfig(Artifact = "a", Profile = "smoke", Dataset = "mnist", Method = "dcgan", Seed = seed,
                               Settings = SettingsResolver.Resolve(null, "smoke", overrides))
            let h = (config 1 []).Hash()
            Expect.equal h ((config 1 []).Hash()) "same config, same hash"
            Expect.equal h.Length 64 "SHA-256 hex"
            Expect.notEqual h ((config 2 []).Hash()) "seed changes the hash"
            Expect.notEqual h ((config 1 [ "training.learning_rate=0.001" ]).Hash()) "a setting changes the hash"
            let d, dir = TestData.tempDir ()
            use _ = d
            let path = Path.Combine(dir, "config.json")
            File.WriteAllText(path, (config 1 []).ToJson())
            let roundTrip = ResolvedConfig.Load path
            Expect.equal (roundTrip.Hash()) h "config.json read back has the same hash"
    ]
