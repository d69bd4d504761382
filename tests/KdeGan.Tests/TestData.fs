/// Where the tests find real datasets and scratch space.
module KdeGan.Tests.TestData

open System
open System.IO
open KdeGan.Core.Data

/// The real data root (KDEGAN_DATA) when set and present; tests on real data skip otherwise.
let realDataRoot () =
    match Environment.GetEnvironmentVariable DataLocation.EnvironmentVariable with
    | null | "" -> None
    | dir when Directory.Exists dir -> Some dir
    | _ -> None

/// A fresh temporary folder, removed when the returned value is disposed.
let tempDir () =
    let dir = Path.Combine(Path.GetTempPath(), "kdegan-tests-" + Guid.NewGuid().ToString("N"))
    Directory.CreateDirectory dir |> ignore
    { new IDisposable with member _.Dispose() = try Directory.Delete(dir, true) with _ -> () }, dir

/// Skips the current test with a reason when the real data are not there.
let requireReal (subdir: string) =
    match realDataRoot () with
    | Some root when Directory.Exists(Path.Combine(root, subdir)) -> Path.Combine(root, subdir)
    | _ -> Expecto.Tests.skiptest $"real data {subdir} not under {DataLocation.EnvironmentVariable}"
