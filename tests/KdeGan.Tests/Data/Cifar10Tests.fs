module KdeGan.Tests.Data.Cifar10Tests

open System
open System.IO
open Expecto
open KdeGan.Core.Data
open KdeGan.Tests

/// Records in the official layout: one label byte, then the R, G and B planes (32 x 32 each).
let private record (label: byte) (pixels: byte[]) = Array.append [| label |] pixels

let private randomImages seed n =
    let rng = Random(seed: int)
    Array.init n (fun _ -> Array.init Cifar10.ImageBytes (fun _ -> byte (rng.Next 256)))

/// Writes the five training batches (two records each) and the test batch (one record).
let private writeTiny dir =
    let train = randomImages 1 10
    for f in 0 .. 4 do
        let records = [| for r in 0 .. 1 -> record (byte ((2 * f + r) % 10)) train.[2 * f + r] |]
        File.WriteAllBytes(Path.Combine(dir, $"data_batch_{f + 1}.bin"), Array.concat records)
    let test = randomImages 2 1
    File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), record 9uy test.[0])
    train, test

let private readmeHistograms =
    [ "data_batch_1.bin", [| 1008L; 953L; 991L; 1020L; 1007L; 982L; 1012L; 998L; 1012L; 1017L |]
      "data_batch_2.bin", [| 986L; 1042L; 963L; 991L; 999L; 995L; 995L; 1031L; 1000L; 998L |]
      "data_batch_3.bin", [| 974L; 1013L; 1004L; 973L; 974L; 1026L; 1016L; 1001L; 1002L; 1017L |]
      "data_batch_4.bin", [| 1016L; 980L; 1012L; 1016L; 1000L; 1025L; 1010L; 974L; 961L; 1006L |]
      "data_batch_5.bin", [| 1016L; 1012L; 1030L; 1000L; 1020L; 972L; 967L; 996L; 1025L; 962L |]
      "test_batch.bin", Array.create 10 1000L ]

[<Tests>]
let tests =
    testList "Cifar10" [
        testCase "binary batches decode to N x 3 x 32 x 32 planes in file order with their labels" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let train, test = writeTiny dir
            use ds = Cifar10.Load(dir, true)
            Expect.equal ds.Images.shape [| 10L; 3L; 32L; 32L |] "ten training images"
            Expect.equal (ds.Labels.data<int64>().ToArray()) [| 0L .. 9L |] "labels in record order across the five files"
            let actual = ds.Images.data<float32>().ToArray()
            let mutable worst = 0.0
            for n in 0 .. 9 do
                for c in 0 .. 2 do
                    for y in 0 .. 31 do
                        for x in 0 .. 31 do
                            let expected = float train.[n].[c * 1024 + y * 32 + x] / 127.5 - 1.0
                            let got = float actual.[((n * 3 + c) * 32 + y) * 32 + x]
                            worst <- max worst (abs (got - expected))
            Expect.isLessThan worst 1e-6 "pixel (n, c, y, x) is plane c, row y, column x of record n"
            use t = Cifar10.Load(dir, false)
            Expect.equal t.Count 1L "one test image"
            Expect.equal (t.Labels.data<int64>().ToArray()) [| 9L |] "test label"
            Expect.floatClose { absolute = 1e-6; relative = 0.0 } (t.Images.[0L, 2L, 31L, 31L].item<float32>() |> float) (float test.[0].[3071] / 127.5 - 1.0) "last blue pixel"

        testCase "a batch whose size is not a whole number of records is an error with both sizes" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            writeTiny dir |> ignore
            let path = Path.Combine(dir, "test_batch.bin")
            File.WriteAllBytes(path, File.ReadAllBytes(path).[.. 3000])
            let e = Throws.catch<DatasetFormatException> (fun () -> Cifar10.Load(dir, false) |> ignore) "a short batch must not load"
            Expect.stringContains e.Message path "names the file"
            Expect.stringContains e.Message "3073-byte records" "says what was expected"
            Expect.stringContains e.Message "3001 bytes" "says what was found"

        testCase "a label above 9 is an error naming the record" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            writeTiny dir |> ignore
            let path = Path.Combine(dir, "data_batch_3.bin")
            let bytes = File.ReadAllBytes path
            bytes.[Cifar10.RecordBytes] <- 10uy
            File.WriteAllBytes(path, bytes)
            let e = Throws.catch<DatasetFormatException> (fun () -> Cifar10.Load(dir, true) |> ignore) "a bad label must not load"
            Expect.stringContains e.Message "data_batch_3.bin" "names the file"
            Expect.stringContains e.Message "label 10 in record 1" "names the record and label"

        testCase "a missing batch file is an error naming it" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            writeTiny dir |> ignore
            File.Delete(Path.Combine(dir, "data_batch_5.bin"))
            let e = Throws.catch<FileNotFoundException> (fun () -> Cifar10.Load(dir, true) |> ignore) "four of five batches must not load"
            Expect.stringContains e.Message "data_batch_5.bin" "names the missing file"

        testCase "the real batches have 10000 records each with the label histograms of the data README" <| fun () ->
            let dir = TestData.requireReal "cifar-10-batches-bin"
            for file, histogram in readmeHistograms do
                let batch = Cifar10.ReadBatch(Path.Combine(dir, file))
                Expect.equal batch.Labels.Length 10000 $"{file} record count"
                Expect.equal (Array.init 10 (fun d -> batch.Labels |> Array.filter (fun l -> int l = d) |> Array.length |> int64)) histogram $"{file} histogram"
    ]
