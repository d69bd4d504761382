module KdeGan.Tests.Data.MnistTests

open System
open System.IO
open System.IO.Compression
open Expecto
open KdeGan.Core.Data
open KdeGan.Tests

let private bigEndian (v: int) = BitConverter.GetBytes(v) |> Array.rev

/// Writes a tiny IDX pair in the real format (optionally gzip-compressed).
let writeIdx dir prefix (images: byte[][]) (labels: byte[]) gzip =
    let write name (bytes: byte[]) =
        let path = Path.Combine(dir, name + (if gzip then ".gz" else ""))
        if gzip then
            use gz = new GZipStream(File.Create path, CompressionLevel.Fastest)
            gz.Write(bytes, 0, bytes.Length)
        else File.WriteAllBytes(path, bytes)
    write (prefix + "-images-idx3-ubyte")
        (Array.concat [ bigEndian Mnist.ImageMagic; bigEndian images.Length; bigEndian 28; bigEndian 28; Array.concat images ])
    write (prefix + "-labels-idx1-ubyte") (Array.concat [ bigEndian Mnist.LabelMagic; bigEndian labels.Length; labels ])

[<Tests>]
let tests =
    testList "Mnist" [
        testCase "gzip and raw IDX files decode to the [-1, 1] contract with the right labels" <| fun () ->
            for gzip in [ true; false ] do
                let cleanup, dir = TestData.tempDir ()
                use _ = cleanup
                let white = Array.create 784 255uy
                let black = Array.zeroCreate<byte> 784
                writeIdx dir "t10k" [| white; black |] [| 7uy; 3uy |] gzip
                use ds = Mnist.Load(dir, train = false)
                Expect.equal (ds.Images.shape) [| 2L; 1L; 28L; 28L |] "N x C x H x W"
                Expect.floatClose Accuracy.veryHigh (ds.Images.[0L].min().item<float32>() |> float) 1.0 "white is +1"
                Expect.floatClose Accuracy.veryHigh (ds.Images.[1L].max().item<float32>() |> float) -1.0 "black is -1"
                Expect.equal (ds.Labels.data<int64>().ToArray()) [| 7L; 3L |] "labels kept in order"

        testCase "a wrong magic number is an error naming the file and both numbers" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            writeIdx dir "t10k" [| Array.zeroCreate 784 |] [| 1uy |] false
            let path = Path.Combine(dir, "t10k-images-idx3-ubyte")
            let bytes = File.ReadAllBytes path
            bytes.[3] <- 0x01uy
            File.WriteAllBytes(path, bytes)
            try
                Mnist.Load(dir, false) |> ignore
                failtest "a wrong magic number must not load"
            with :? DatasetFormatException as e ->
                Expect.stringContains e.Message "t10k-images-idx3-ubyte" "names the file"
                Expect.stringContains e.Message "0x00000803" "names the expected magic"
                Expect.stringContains e.Message "0x00000801" "names the found magic"

        testCase "a truncated image file is an error that gives expected and found sizes" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            writeIdx dir "t10k" [| Array.zeroCreate 784; Array.zeroCreate 784 |] [| 1uy; 2uy |] false
            let path = Path.Combine(dir, "t10k-images-idx3-ubyte")
            File.WriteAllBytes(path, File.ReadAllBytes(path).[.. 1000])
            try
                Mnist.Load(dir, false) |> ignore
                failtest "a truncated file must not load"
            with :? DatasetFormatException as e ->
                Expect.stringContains e.Message path "names the file"
                Expect.stringContains e.Message "1584 bytes" "says what was expected"
                Expect.stringContains e.Message "1001 bytes" "says what was found"

        testCase "the real MNIST files have 60000/10000 images and the published label histograms" <| fun () ->
            let dir = TestData.requireReal "mnist"
            use train = Mnist.Load(dir, true)
            use test = Mnist.Load(dir, false)
            Expect.equal train.Count 60000L "train count"
            Expect.equal test.Count 10000L "test count"
            Expect.equal (train.LabelHistogram 10) [| 5923L; 6742L; 5958L; 6131L; 5842L; 5421L; 5918L; 6265L; 5851L; 5949L |] "train histogram"
            Expect.equal (test.LabelHistogram 10) [| 980L; 1135L; 1032L; 1010L; 982L; 892L; 958L; 1028L; 974L; 1009L |] "test histogram"
            Expect.floatClose Accuracy.veryHigh (train.Images.min().item<float32>() |> float) -1.0 "min is -1"
            Expect.floatClose Accuracy.veryHigh (train.Images.max().item<float32>() |> float) 1.0 "max is +1"
    ]
