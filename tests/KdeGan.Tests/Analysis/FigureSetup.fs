/// Shared set-up of the figure driver and report tests: experiment files written on the fly,
/// contexts on real MNIST, and one tiny trained generator reused by every driver test.
module KdeGan.Tests.Analysis.FigureSetup

open System
open System.IO
open KdeGan.Core.Analysis.Figures
open KdeGan.Core.Runs
open KdeGan.Tests

/// Training settings of the shared generator: two iterations of the smoke net, one thread.
let trainingOverrides = [ "system.threads=1"; "training.iterations=2"; "training.batch_size=10" ]

/// One scratch results root for the whole test run (the trained generator lives there).
let private scratch = lazy (snd (TestData.tempDir ()))

/// Writes experiments/<artifact>.json under the scratch root and returns its path.
let writeSpec (artifact: string) (datasets: string list) (analysis: string) =
    let dir = Path.Combine(scratch.Force(), "experiments")
    Directory.CreateDirectory dir |> ignore
    let path = Path.Combine(dir, artifact + ".json")
    let names = datasets |> List.map (sprintf "\"%s\"") |> String.concat ", "
    File.WriteAllText(path, $"""{{ "artifact": "{artifact}", "datasets": [{names}], "methods": ["dcgan"], "analysis": {analysis} }}""")
    path

/// A smoke-profile context on the first dataset of the spec, results under the scratch root.
let context (specPath: string) (extra: string list) (dataRoot: string) =
    let spec = ExperimentSpec.Load specPath
    let request =
        FigureRequest(Artifact = spec.Artifact, ExperimentPath = specPath, Profile = "smoke",
                      Overrides = (trainingOverrides @ extra |> List.toArray), ResultsRoot = Path.Combine(scratch.Force(), "results"))
    FigureContext(request, spec, spec.Datasets.[0], dataRoot)

/// The real data root, or a skipped test.
let dataRoot () =
    TestData.requireReal "mnist" |> ignore
    (TestData.realDataRoot ()).Value

/// Progress that keeps the messages, to see what a driver did.
type RecordingProgress() =
    member val Messages = Collections.Generic.List<string>()
    interface KdeGan.Core.Training.ITrainingProgress with
        member _.Started _ = ()
        member _.Iteration _ = ()
        member this.Message text = this.Messages.Add text

/// Runs the artifact's driver for the context and returns the outcome.
let run (ctx: FigureContext) force =
    FigureRun.RunOne(FigureDrivers.For ctx.Artifact, ctx, force, RecordingProgress(), Threading.CancellationToken.None)
