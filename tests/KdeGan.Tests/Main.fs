module KdeGan.Tests.Main

open Expecto
open Expecto.Impl

/// Runs the suite, then prints the plain closing line "N passed, N failed, N skipped" that CI
/// reads (errored tests count as failed), after Expecto's own output has ended.
/// Torch tests share the global seed and thread pool, so the suite runs sequenced.
[<EntryPoint>]
let main argv =
    let mutable summary: TestRunSummary option = None
    let capture = SummaryHandler(fun s -> summary <- Some s)
    let exitCode = runTestsInAssemblyWithCLIArgs [ Sequenced; No_Spinner; Append_Summary_Handler capture ] argv
    match summary with
    | Some s ->
        stdout.Flush()
        printfn "\n%d passed, %d failed, %d skipped" s.passed.Length (s.failed.Length + s.errored.Length) s.ignored.Length
    | None -> ()
    exitCode
