module KdeGan.Tests.Data.PixelTensorTests

open System
open Expecto
open KdeGan.Core.Data

[<Tests>]
let tests =
    testList "PixelTensor" [
        testCase "bytes over several conversion blocks map to p / 127.5 - 1 in place, from any offset" <| fun () ->
            // 400 images of 3 x 32 x 32 span more than one 1 MiB block
            let count, size, offset = 400, 3 * 32 * 32, 5
            let rng = Random 7
            let bytes = Array.init (offset + count * size) (fun _ -> byte (rng.Next 256))
            use t = PixelTensor.FromBytes(bytes, int64 offset, count, 3, 32, 32)
            Expect.equal t.shape [| int64 count; 3L; 32L; 32L |] "N x C x H x W"
            let actual = t.data<float32>().ToArray()
            let mutable worst = 0.0
            for i in 0 .. count * size - 1 do
                let expected = float bytes.[offset + i] / 127.5 - 1.0
                worst <- max worst (abs (float actual.[i] - expected))
            Expect.isLessThan worst 1e-6 "every element equals the float64 reference"

        testCase "a byte array too short for the requested images is an error giving both sizes" <| fun () ->
            let e = Throws.catch<ArgumentException> (fun () -> PixelTensor.FromBytes(Array.zeroCreate 10, 3, 1, 2, 2) |> ignore) "must not read past the end"
            Expect.stringContains e.Message "need 12 bytes, found 10" "gives needed and found sizes"
    ]
