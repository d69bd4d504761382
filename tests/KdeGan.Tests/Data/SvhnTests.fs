module KdeGan.Tests.Data.SvhnTests

open System
open System.IO
open Expecto
open KdeGan.Core.Data
open KdeGan.Tests
open KdeGan.Tests.Data

let private uint8Class, doubleClass, miUInt8, miDouble = 9, 6, 2, 9

/// X as 32 x 32 x 3 x n bytes in column-major order, y as n x 1 doubles 1..10.
let private svhnElements (x: byte[]) (labels: float[]) (yAsUInt8: bool) =
    let n = labels.Length
    let y =
        if yAsUInt8 then MatWriter.matrix doubleClass [| n; 1 |] "y" miUInt8 (labels |> Array.map byte)
        else MatWriter.matrix doubleClass [| n; 1 |] "y" miDouble (labels |> Array.collect BitConverter.GetBytes)
    MatWriter.matrix uint8Class [| 32; 32; 3; n |] "X" miUInt8 x, y

let private randomX seed n =
    let rng = Random(seed: int)
    Array.init (32 * 32 * 3 * n) (fun _ -> byte (rng.Next 256))

let private writeSvhn dir (x: byte[]) labels compress yAsUInt8 =
    let xe, ye = svhnElements x labels yAsUInt8
    let wrap e = if compress then MatWriter.compressed e else e
    let path = Path.Combine(dir, "test_32x32.mat")
    MatWriter.write path [ wrap xe; wrap ye ]
    path

let private loadError dir =
    Throws.catch<DatasetFormatException> (fun () -> Svhn.Load(dir, false) |> ignore) "a corrupt .mat must not load"

[<Tests>]
let tests =
    testList "Svhn" [
        testCase "plain and zlib-compressed .mat files give N x 3 x 32 x 32 with X(row, col, c, n) at [n, c, row, col] and 10 read as 0" <| fun () ->
            for compress, yAsUInt8 in [ false, false; true, false; true, true ] do
                let cleanup, dir = TestData.tempDir ()
                use _ = cleanup
                let x = randomX 3 2
                writeSvhn dir x [| 10.0; 4.0 |] compress yAsUInt8 |> ignore
                use ds = Svhn.Load(dir, false)
                Expect.equal ds.Images.shape [| 2L; 3L; 32L; 32L |] $"shape (compressed {compress})"
                Expect.equal (ds.Labels.data<int64>().ToArray()) [| 0L; 4L |] "label 10 is the digit 0"
                let actual = ds.Images.data<float32>().ToArray()
                let mutable worst = 0.0
                for n in 0 .. 1 do
                    for c in 0 .. 2 do
                        for row in 0 .. 31 do
                            for col in 0 .. 31 do
                                let expected = float x.[row + 32 * col + 1024 * c + 3072 * n] / 127.5 - 1.0
                                worst <- max worst (abs (float actual.[((n * 3 + c) * 32 + row) * 32 + col] - expected))
                Expect.isLessThan worst 1e-6 $"every pixel at its place (compressed {compress}, y as uint8 {yAsUInt8})"

        testCase "MatFile reads the variables by name with dimensions and converts any stored type to double" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = Path.Combine(dir, "v.mat")
            let values = [| -2s; 300s; 7s |]
            MatWriter.write path [ MatWriter.compressed (MatWriter.matrix doubleClass [| 1; 3 |] "values" 3 (values |> Array.collect BitConverter.GetBytes)) ]
            let vars = MatFile.Read path
            Expect.equal (vars.["values"].Dims) [| 1; 3 |] "dimensions kept"
            Expect.equal (vars.["values"].ToDoubles()) [| -2.0; 300.0; 7.0 |] "int16 storage read as doubles"

        testCase "a file without the MATLAB 5 endian indicator is an error naming the file and what was found" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = writeSvhn dir (randomX 1 1) [| 1.0 |] false false
            let bytes = File.ReadAllBytes path
            bytes.[126] <- byte 'X'
            File.WriteAllBytes(path, bytes)
            let e = loadError dir
            Expect.stringContains e.Message path "names the file"
            Expect.stringContains e.Message "'IM'" "says what was expected"

        testCase "a file cut inside X is an error saying how many bytes the element needs and how many are left" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = writeSvhn dir (randomX 1 2) [| 1.0; 2.0 |] false false
            File.WriteAllBytes(path, File.ReadAllBytes(path).[.. 4000])
            let e = loadError dir
            Expect.stringContains e.Message path "names the file"
            Expect.stringContains e.Message "bytes left" "says the data end early"

        testCase "dimensions that promise more images than the data hold are an error with both sizes" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = Path.Combine(dir, "test_32x32.mat")
            let x = MatWriter.matrix uint8Class [| 32; 32; 3; 3 |] "X" miUInt8 (randomX 1 2)
            let _, y = svhnElements (randomX 1 2) [| 1.0; 2.0 |] false
            MatWriter.write path [ x; y ]
            let e = loadError dir
            Expect.stringContains e.Message "9216 data bytes for 'X' of size 32x32x3x3" "says what the header promises"
            Expect.stringContains e.Message "found 6144 bytes" "says what is there"

        testCase "a corrupt zlib stream is an error naming the compressed element" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = writeSvhn dir (randomX 1 1) [| 1.0 |] true false
            let bytes = File.ReadAllBytes path
            for i in 136 .. 150 do bytes.[i] <- 0xFFuy
            File.WriteAllBytes(path, bytes)
            let e = loadError dir
            Expect.stringContains e.Message "zlib stream in the miCOMPRESSED element at byte 128" "names the element"

        testCase "a label outside 1..10 is an error naming the value and index" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            writeSvhn dir (randomX 1 2) [| 3.0; 11.0 |] false false |> ignore
            let e = loadError dir
            Expect.stringContains e.Message "11 at index 1" "names the bad label"

        testCase "X of the wrong shape is an error naming the size found" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = Path.Combine(dir, "test_32x32.mat")
            let _, y = svhnElements (randomX 1 1) [| 1.0 |] false
            MatWriter.write path [ MatWriter.matrix uint8Class [| 28; 28; 1; 1 |] "X" miUInt8 (Array.zeroCreate 784); y ]
            let e = loadError dir
            Expect.stringContains e.Message "X of size 28x28x1x1" "names the size found"
    ]
