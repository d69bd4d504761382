// KdeGan.Repro build script: `dotnet fsi build.fsx -t <Target> [-- <arguments>]`.
// Targets stay thin: they call the `kdegan` CLI and the test program; the engine owns the logic.
#r "nuget: Fake.Core.Target, 5.20.3"
#r "nuget: Fake.Core.Process, 5.20.3"
#r "nuget: Fake.IO.FileSystem, 5.20.3"

// FSI setup: FAKE's context must exist before targets are created.
System.Environment.GetCommandLineArgs()
|> Array.skip 2
|> Array.toList
|> Fake.Core.Context.FakeExecutionContext.Create false "build.fsx"
|> Fake.Core.Context.RuntimeContext.Fake
|> Fake.Core.Context.setExecutionContext

open System
open System.IO
open Fake.Core
open Fake.Core.TargetOperators

let root = __SOURCE_DIRECTORY__
let configuration = "Release"
let cliDll = Path.Combine(root, "src", "KdeGan.Cli", "bin", configuration, "net10.0", "kdegan.dll")
let testDll = Path.Combine(root, "tests", "KdeGan.Tests", "bin", configuration, "net10.0", "KdeGan.Tests.dll")

/// Data root: KDEGAN_DATA when set, else data/ at the repository root (as the CLI resolves it).
let dataRoot =
    match Environment.environVarOrNone "KDEGAN_DATA" with
    | Some dir -> Path.GetFullPath dir
    | None -> Path.Combine(root, "data")

/// Runs a program to completion with the data root in its environment; a non-zero exit fails the target.
let run (program: string) (args: string list) =
    let result =
        CreateProcess.fromRawCommand program args
        |> CreateProcess.withWorkingDirectory root
        |> CreateProcess.setEnvironmentVariable "KDEGAN_DATA" dataRoot
        |> Proc.run
    if result.ExitCode <> 0 then
        failwithf "%s %s exited with code %d" program (String.Join(" ", args)) result.ExitCode

let kdegan args = run "dotnet" (cliDll :: args)

Target.create "Setup" (fun _ ->
    // Native prerequisites (libstdc++ with GLIBCXX_3.4.32 for TorchSharp-cpu), then one real torch call.
    if Environment.isLinux then run "bash" [ Path.Combine(root, "scripts", "setup-native.sh") ]
    kdegan [ "doctor" ])

Target.create "Build" (fun _ ->
    run "dotnet" [ "build"; Path.Combine(root, "KdeGan.Repro.sln"); "-c"; configuration; "--nologo"; "-v"; "quiet" ])

Target.create "Test" (fun p ->
    // Arguments after `--` go to Expecto, e.g. `-- --filter-test-list Mnist`.
    run "dotnet" ([ testDll; "--colours"; "0" ] @ p.Context.Arguments))

Target.create "Data" (fun p ->
    // Fetches missing datasets (SHA-256/MD5 verified, atomic), then reports what is there.
    // `-- --datasets mnist,cifar10` narrows the set.
    kdegan ([ "data"; "fetch"; "--data-dir"; dataRoot ] @ p.Context.Arguments)
    kdegan [ "data"; "verify"; "--data-dir"; dataRoot ])

// ---- Paper artifacts ----------------------------------------------------------------------
// Arguments after `--`: --profile smoke|cpu|paper (default cpu), --seeds N, --datasets a,b, --force.

/// What the user asked for after `--`.
type ArtifactArgs = { Profile: string; Seeds: string option; Datasets: string option; Force: bool }

let artifactArgs (arguments: string list) =
    let rec go args acc =
        match args with
        | "--profile" :: p :: rest -> go rest { acc with Profile = p }
        | "--seeds" :: n :: rest -> go rest { acc with Seeds = Some n }
        | "--datasets" :: list :: rest -> go rest { acc with Datasets = Some list }
        | "--force" :: rest -> go rest { acc with Force = true }
        | other :: _ -> failwithf "unknown argument '%s'; expected --profile smoke|cpu|paper, --seeds N, --datasets a,b, --force" other
        | [] -> acc
    let parsed = go arguments { Profile = "cpu"; Seeds = None; Datasets = None; Force = false }
    if not (List.contains parsed.Profile [ "smoke"; "cpu"; "paper" ]) then
        failwithf "--profile: expected smoke, cpu or paper, found '%s'" parsed.Profile
    parsed

/// Figure and Table artifacts are rendered by `kdegan report`; SelfRendered ones write their own table.
type ArtifactKind = Figure | Table | SelfRendered

/// One paper artifact: its target, its report name, and the CLI argument lists that produce its
/// results for the user's arguments (experiment runs and analyses get --profile/--datasets/--force
/// appended, experiment runs --seeds too).
type Artifact = { Target: string; Name: string; Kind: ArtifactKind; Commands: ArtifactArgs -> string list list }

let experiment name (_: ArtifactArgs) = [ [ "experiment"; "run"; "--experiment"; $"experiments/{name}.json" ] ]

/// An analysis artifact (`kdegan analyse`, which renders its own figures): e.g.
/// `{ Target = "Figure3"; Name = "figure3"; Kind = Figure; Commands = analyse "figure3" }`.
let analyse name (_: ArtifactArgs) = [ [ "analyse"; name; "--experiment"; $"experiments/{name}.json"; "--no-report" ] ]

let artifacts =
    [ { Target = "Figure1"; Name = "figure1"; Kind = Figure; Commands = analyse "figure1" }
      { Target = "Figure2"; Name = "figure2"; Kind = Figure; Commands = analyse "figure2" }
      { Target = "Figure3"; Name = "figure3"; Kind = Figure; Commands = analyse "figure3" }
      { Target = "Figure4"; Name = "figure4"; Kind = Figure; Commands = analyse "figure4" }
      { Target = "Figure5"; Name = "figure5"; Kind = Figure; Commands = experiment "figure5" }
      { Target = "Figure6"; Name = "figure6"; Kind = Figure; Commands = experiment "figure6" }
      { Target = "Figure7"; Name = "figure7"; Kind = Figure; Commands = experiment "figure7" }
      { Target = "Figure8"; Name = "figure8"; Kind = Figure; Commands = analyse "figure8" }
      { Target = "Figure9"; Name = "figure9"; Kind = Figure; Commands = experiment "figure9" }
      { Target = "Figure10"; Name = "figure10"; Kind = Figure; Commands = analyse "figure10" }
      { Target = "Figure21"; Name = "figure21"; Kind = Figure; Commands = analyse "figure21" }
      { Target = "Table1"; Name = "table1"; Kind = Table; Commands = experiment "table1" }
      { Target = "Table2"; Name = "table2"; Kind = Table; Commands = experiment "table2" }
      // BiGAN encoder vs generator reversal (issue 5): train, then compare on test images; writes inference-comparison.{csv,json,tex}.
      { Target = "BiganInference"; Name = "bigan-inference"; Kind = SelfRendered
        Commands = fun args ->
            let datasets = args.Datasets |> Option.map (fun d -> d.Split(',') |> List.ofArray) |> Option.defaultValue [ "mnist"; "mnist1000" ]
            experiment "bigan-inference" args
            @ [ for dataset in datasets ->
                  [ "compare-inference"; "--run"; $"results/bigan-inference/{args.Profile}/{dataset}/bigan/seed-1" ] ] }
      // The overhead bench takes minutes even at cpu width; smoke renders whatever bench file exists.
      { Target = "WallClock"; Name = "wallclock"; Kind = Table
        Commands = fun args -> if args.Profile = "smoke" then [] else [ [ "bench"; "reversal-overhead"; "--widths"; (if args.Profile = "paper" then "cpu,paper" else "cpu") ] ] } ]

let runArtifact (artifact: Artifact) (args: ArtifactArgs) =
    for command in artifact.Commands args do
        let datasets = args.Datasets |> Option.map (fun d -> [ "--datasets"; d ]) |> Option.defaultValue []
        let force = if args.Force then [ "--force" ] else []
        let extra =
            match List.head command with
            | "experiment" -> [ "--profile"; args.Profile ] @ (args.Seeds |> Option.map (fun n -> [ "--seeds"; n ]) |> Option.defaultValue []) @ datasets @ force
            // An analysis has one seed (its generators are seed 1's runs).
            | "analyse" -> [ "--profile"; args.Profile ] @ datasets @ force
            | _ -> []
        kdegan (command @ extra)

let report name (args: ArtifactArgs) = kdegan [ "report"; "--artifact"; name; "--profile"; args.Profile ]

for artifact in artifacts do
    Target.create artifact.Target (fun p ->
        let args = artifactArgs p.Context.Arguments
        runArtifact artifact args
        if artifact.Kind <> SelfRendered then report artifact.Name args)

Target.create "Figures" (fun p ->
    let args = artifactArgs p.Context.Arguments
    for a in artifacts |> List.filter (fun a -> a.Kind = Figure) do report a.Name args)

Target.create "Tables" (fun p ->
    let args = artifactArgs p.Context.Arguments
    for a in artifacts |> List.filter (fun a -> a.Kind = Table) do report a.Name args)

/// Compiles paper/main.tex when a LaTeX installation is there (Debian: texlive-latex-extra); says so when not.
let compilePaper () =
    let paperDir = Path.Combine(root, "paper")
    let onPath name =
        (Environment.environVarOrDefault "PATH" "").Split(Path.PathSeparator)
        |> Array.exists (fun dir -> File.Exists(Path.Combine(dir, name)))
    if onPath "latexmk" then
        run "latexmk" [ "-pdf"; "-interaction=nonstopmode"; "-cd"; Path.Combine(paperDir, "main.tex") ]
    elif onPath "pdflatex" then
        for _ in 1..2 do
            let r =
                CreateProcess.fromRawCommand "pdflatex" [ "-interaction=nonstopmode"; "main.tex" ]
                |> CreateProcess.withWorkingDirectory paperDir
                |> Proc.run
            if r.ExitCode <> 0 then failwithf "pdflatex main.tex exited with code %d (see paper/main.log)" r.ExitCode
    else
        Trace.log "Paper: no pdflatex or latexmk on PATH; paper/main.tex, paper/figures and paper/tables are written, the PDF is not (install texlive-latex-extra to build it)"

Target.create "Paper" (fun _ -> compilePaper ())

Target.create "ReproduceAll" (fun p ->
    // Every artifact's runs, then every report (skipping artifacts without results), then the paper.
    // A failing artifact does not stop the others; the target fails at the end naming them.
    let args = artifactArgs p.Context.Arguments
    let failed =
        [ for artifact in artifacts do
            try runArtifact artifact args
            with e ->
                Trace.traceError $"{artifact.Target} failed: {e.Message}"
                yield artifact.Target ]
    kdegan [ "report"; "--all"; "--profile"; args.Profile ]
    compilePaper ()
    if not failed.IsEmpty then failwithf "ReproduceAll: %s failed (see above); the others were produced" (String.Join(", ", failed)))

Target.create "Scorers" (fun p ->
    // Retrains and re-exports the project's own ONNX scorers into results/scorers/ (`-- --datasets mnist`).
    let datasets =
        match p.Context.Arguments with
        | [ "--datasets"; list ] -> list.Split(',') |> List.ofArray
        // SVHN only where its data is present (it is not on every machine).
        | [] -> [ "mnist"; "cifar10" ] @ (if Directory.Exists(Path.Combine(dataRoot, "svhn")) then [ "svhn" ] else [])
        | other -> failwithf "Scorers: expected `-- --datasets a,b`, found %A" other
    for dataset in datasets do
        kdegan [ "scorers"; "train"; "--dataset"; dataset; "--data-dir"; dataRoot ])

Target.create "RegressionCheck" (fun _ -> kdegan [ "regression"; "check"; "--profile"; "smoke" ])

"Build" ==> "Setup" ==> "Test"
"Setup" ==> "Data"
"Setup" ==> "RegressionCheck"
"Setup" ==> "Scorers"
"Setup" ==> "ReproduceAll"
"Build" ==> "Figures"
"Build" ==> "Tables"
for artifact in artifacts do "Setup" ==> artifact.Target |> ignore

Target.runOrDefaultWithArguments "Test"
