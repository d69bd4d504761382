module KdeGan.Tests.Data.DatasetDownloadTests

open System
open System.Collections.Concurrent
open System.Formats.Tar
open System.IO
open System.IO.Compression
open System.Net
open System.Net.Http
open System.Net.Sockets
open System.Security.Cryptography
open System.Threading
open System.Threading.Tasks
open Expecto
open KdeGan.Core.Data
open KdeGan.Tests

/// What the test server does for a path.
type private Reply =
    | Body of byte[]
    /// Announces the full length, sends half, then drops the connection.
    | Truncated of byte[]

/// An HTTP server on 127.0.0.1 at a free port, answering from a table of paths (404 otherwise)
/// and counting requests. Disposing stops it.
type private TestServer(routes: Map<string, Reply>) =
    let port =
        let probe = new TcpListener(IPAddress.Loopback, 0)
        probe.Start()
        let p = (probe.LocalEndpoint :?> IPEndPoint).Port
        probe.Stop()
        p
    let listener = new HttpListener()
    let mutable requests = 0
    do
        listener.Prefixes.Add $"http://127.0.0.1:{port}/"
        listener.Start()
    let worker =
        Task.Run(fun () ->
            try
                while listener.IsListening do
                    let ctx = listener.GetContext()
                    Interlocked.Increment &requests |> ignore
                    let response = ctx.Response
                    match routes.TryFind (string ctx.Request.RawUrl) with
                    | Some(Body bytes) ->
                        response.ContentLength64 <- int64 bytes.Length
                        response.OutputStream.Write(bytes, 0, bytes.Length)
                        response.Close()
                    | Some(Truncated bytes) ->
                        response.ContentLength64 <- int64 bytes.Length
                        response.OutputStream.Write(bytes, 0, bytes.Length / 2)
                        response.OutputStream.Flush()
                        response.Abort()
                    | None ->
                        response.StatusCode <- 404
                        response.Close()
            with _ -> ())
    member _.Url(path: string) = $"http://127.0.0.1:{port}{path}"
    member _.Requests = requests
    interface IDisposable with
        member _.Dispose() =
            listener.Stop()
            listener.Close()
            worker.Wait(2000) |> ignore

let private sha256 (bytes: byte[]) = Convert.ToHexStringLower(SHA256.HashData bytes)
let private payload = Array.init 5000 (fun i -> byte (i * 7 % 251))
let private client () = new HttpClient(new HttpClientHandler(UseProxy = false))

let private fetch (file: RemoteFile) dir =
    let log = ConcurrentQueue<string>()
    use http = client ()
    let path = DatasetDownload.FetchFileAsync(http, file, dir, (fun m -> log.Enqueue m)).GetAwaiter().GetResult()
    path, List.ofSeq log

let private fetchError (file: RemoteFile) dir =
    let error =
        try
            fetch file dir |> ignore
            None
        with e -> Some e
    Expect.isSome error "the fetch must fail"
    Expect.isEmpty (Directory.GetFiles dir) "no final or temporary file is left behind"
    error.Value

[<Tests>]
let tests =
    testList "DatasetDownload" [
        testCase "a verified download lands under its name, is reported, and is not fetched again" <| fun () ->
            use server = new TestServer(Map [ "/a.bin", Body payload ])
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let file = RemoteFile([ server.Url "/a.bin" ], "a.bin", Checksum("sha256", sha256 payload))
            let path, log = fetch file dir
            Expect.equal (File.ReadAllBytes path) payload "the file holds the served bytes"
            Expect.equal (Directory.GetFiles dir |> Array.map Path.GetFileName) [| "a.bin" |] "nothing else in the folder"
            Expect.exists log (fun m -> m.Contains "fetched" && m.Contains "5,000 bytes") "the fetch is reported with its size"
            let _, again = fetch file dir
            Expect.equal server.Requests 1 "a present, matching file is not downloaded again"
            Expect.exists again (fun m -> m.Contains "present") "and that is reported"

        testCase "a checksum mismatch is an error giving both digests, and leaves no file" <| fun () ->
            use server = new TestServer(Map [ "/a.bin", Body payload ])
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let wrong = String('0', 64)
            let e = fetchError (RemoteFile([ server.Url "/a.bin" ], "a.bin", Checksum("sha256", wrong))) dir
            Expect.stringContains e.Message wrong "the expected digest"
            Expect.stringContains e.Message (sha256 payload) "the digest found"

        testCase "a transfer cut short of its Content-Length is an error naming the URL, and leaves no file" <| fun () ->
            use server = new TestServer(Map [ "/a.bin", Truncated payload ])
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let e = fetchError (RemoteFile([ server.Url "/a.bin" ], "a.bin", Checksum("sha256", sha256 payload))) dir
            Expect.stringContains e.Message (server.Url "/a.bin") "names the URL"
            Expect.isTrue (e :? DownloadException) $"a DownloadException, got {e.GetType().Name}: {e.Message}"

        testCase "a 404 is an error giving the status, and leaves no file" <| fun () ->
            use server = new TestServer(Map.empty)
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let e = fetchError (RemoteFile([ server.Url "/missing.bin" ], "m.bin", Checksum("sha256", sha256 payload))) dir
            Expect.stringContains e.Message "HTTP 404" "gives the status"

        testCase "a dataset fetch that fails leaves no empty dataset folder behind" <| fun () ->
            use server = new TestServer(Map.empty)
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let source = DatasetSource("mnist", "mnist", [ RemoteFile([ server.Url "/missing.bin" ], "m.bin", Checksum("sha256", sha256 payload)) ])
            use http = client ()
            Expect.throws (fun () -> DatasetDownload.FetchAsync(http, source, dir, ignore).GetAwaiter().GetResult()) "the fetch fails"
            Expect.isFalse (Directory.Exists(Path.Combine(dir, "mnist"))) "the folder it created is gone"

        testCase "when the first mirror fails the next one is tried" <| fun () ->
            use server = new TestServer(Map [ "/b/a.bin", Body payload ])
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path, log = fetch (RemoteFile([ server.Url "/a/a.bin"; server.Url "/b/a.bin" ], "a.bin", Checksum("sha256", sha256 payload))) dir
            Expect.equal (File.ReadAllBytes path) payload "the second mirror's file"
            Expect.exists log (fun m -> m.Contains "HTTP 404" && m.Contains "next mirror") "the failed mirror is reported"

        testCase "a .tar.gz verified by MD5 unpacks its folder into place and the archive is removed" <| fun () ->
            let archive =
                use buffer = new MemoryStream()
                do
                    use gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen = true)
                    use tar = new TarWriter(gz)
                    let entry = PaxTarEntry(TarEntryType.RegularFile, "cifar-10-batches-bin/test_batch.bin")
                    entry.DataStream <- new MemoryStream(payload)
                    tar.WriteEntry entry
                buffer.ToArray()
            use server = new TestServer(Map [ "/c.tar.gz", Body archive ])
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let md5 = Convert.ToHexStringLower(MD5.HashData archive)
            fetch (RemoteFile([ server.Url "/c.tar.gz" ], "c.tar.gz", Checksum("md5", md5), ExtractTarGz = true)) dir |> ignore
            Expect.equal (File.ReadAllBytes(Path.Combine(dir, "cifar-10-batches-bin", "test_batch.bin"))) payload "unpacked content"
            Expect.isFalse (File.Exists(Path.Combine(dir, "c.tar.gz"))) "archive removed"
            Expect.equal (Directory.GetFileSystemEntries dir |> Array.map Path.GetFileName) [| "cifar-10-batches-bin" |] "no temporary folder left"

        testCase "a dataset without an automatic source says what to do by hand" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            use http = client ()
            let e = Throws.catch<InvalidOperationException> (fun () ->
                        DatasetDownload.FetchAsync(http, DatasetSources.For "celeba", dir, ignore).GetAwaiter().GetResult()) "celeba is manual"
            Expect.stringContains e.Message "img_align_celeba.zip" "names the file to get"
    ]
