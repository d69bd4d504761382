/// The exception a call must throw, returned so the test can check its message.
module KdeGan.Tests.Data.Throws

open Expecto

/// Runs f, fails the test with message unless it throws a 'T, and returns that exception.
let catch<'T when 'T :> exn> (f: unit -> unit) (message: string) : 'T =
    try
        f ()
        failtestf "%s: no exception thrown" message
    with
    | :? 'T as e -> e
    | :? AssertException -> reraise ()
    | e -> failtestf "%s: expected %s, got %s: %s" message typeof<'T>.Name (e.GetType().Name) e.Message
