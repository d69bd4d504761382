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

Target.create "ReproduceAll" ignore

"Build" ==> "Setup" ==> "Test"
"Setup" ==> "Data"
"Setup" ==> "ReproduceAll"

Target.runOrDefaultWithArguments "Test"
