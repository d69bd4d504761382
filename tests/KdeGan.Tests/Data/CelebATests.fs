module KdeGan.Tests.Data.CelebATests

open System.IO
open Expecto
open SkiaSharp
open KdeGan.Core.Data
open KdeGan.Tests

/// A 178 x 218 JPEG (the aligned CelebA size), white inside the centre 118 x 118 square and black outside, or the reverse.
let private writeFace (path: string) (whiteInside: bool) =
    use bmp = new SKBitmap(178, 218)
    for y in 0 .. 217 do
        for x in 0 .. 177 do
            let inside = x >= 30 && x < 148 && y >= 50 && y < 168
            bmp.SetPixel(x, y, (if inside = whiteInside then SKColors.White else SKColors.Black))
    use data = bmp.Encode(SKEncodedImageFormat.Jpeg, 95)
    File.WriteAllBytes(path, data.ToArray())

let private setup (names: string list) =
    let cleanup, dir = TestData.tempDir ()
    let images = Path.Combine(dir, CelebA.ImageFolder)
    Directory.CreateDirectory images |> ignore
    names |> List.iteri (fun i n -> writeFace (Path.Combine(images, n)) (i % 2 = 0))
    cleanup, dir, images

let private options dir = CelebAOptions(CacheDir = Path.Combine(dir, "cache"))

[<Tests>]
let tests =
    testList "CelebA" [
        testCase "the centre 118 x 118 square becomes a 3 x 64 x 64 image and nothing outside it shows" <| fun () ->
            let cleanup, dir, _ = setup [ "000001.jpg"; "000002.jpg" ]
            use _ = cleanup
            use ds = CelebA.Load(dir, options dir)
            Expect.equal ds.Images.shape [| 2L; 3L; 64L; 64L |] "N x 3 x 64 x 64"
            let inside = ds.Images.[0L]
            Expect.isGreaterThan (inside.mean().item<float32>() |> float) 0.95 "white crop: mean near +1"
            Expect.isGreaterThan (inside.min().item<float32>() |> float) 0.5 "no black border pulled in"
            Expect.isLessThan (ds.Images.[1L].max().item<float32>() |> float) -0.5 "black crop stays black"
            Expect.equal (ds.Labels.data<int64>().ToArray()) [| 0L; 0L |] "label 0 without an identity file"

        testCase "labels come from the identity file when it is present" <| fun () ->
            let cleanup, dir, _ = setup [ "000001.jpg"; "000002.jpg" ]
            use _ = cleanup
            File.WriteAllText(Path.Combine(dir, "identity_CelebA.txt"), "000001.jpg 2880\r\n000002.jpg 2937\r\n")
            use ds = CelebA.Load(dir, options dir)
            Expect.equal (ds.Labels.data<int64>().ToArray()) [| 2880L; 2937L |] "identities in file order"

        testCase "the second load reads the cache, and a changed file list makes a new cache" <| fun () ->
            let cleanup, dir, images = setup [ "000001.jpg"; "000002.jpg" ]
            use _ = cleanup
            use first = CelebA.Load(dir, options dir)
            // same name and size but garbage bytes: only a cache hit can still load it
            let path = Path.Combine(images, "000001.jpg")
            File.WriteAllBytes(path, Array.zeroCreate (int (FileInfo(path).Length)))
            use second = CelebA.Load(dir, options dir)
            Expect.isTrue (first.Images.allclose(second.Images, 0.0, 0.0)) "cached pixels equal the decoded ones"
            writeFace (Path.Combine(images, "000003.jpg")) true
            let e = Throws.catch<DatasetFormatException> (fun () -> CelebA.Load(dir, options dir) |> ignore) "a new list must decode again"
            Expect.stringContains e.Message "000001.jpg" "the re-decode meets the garbage file"

        testCase "an undecodable or truncated JPEG is an error naming the file" <| fun () ->
            for corrupt in [ (fun (b: byte[]) -> Array.create b.Length 0x42uy); (fun (b: byte[]) -> b.[.. b.Length / 2]) ] do
                let cleanup, dir, images = setup [ "000001.jpg"; "000002.jpg" ]
                use _ = cleanup
                let path = Path.Combine(images, "000002.jpg")
                File.WriteAllBytes(path, corrupt (File.ReadAllBytes path))
                let e = Throws.catch<DatasetFormatException> (fun () -> CelebA.Load(dir, options dir) |> ignore) "a bad JPEG must not load"
                Expect.stringContains e.Message path "names the file"

        testCase "the first 50 real CelebA images load as 3 x 64 x 64 in [-1, 1] with their identities" <| fun () ->
            let dir = TestData.requireReal "celeba"
            let cleanup, cache = TestData.tempDir ()
            use _ = cleanup
            use ds = CelebA.Load(dir, CelebAOptions(MaxImages = 50, CacheDir = cache))
            Expect.equal ds.Images.shape [| 50L; 3L; 64L; 64L |] "50 x 3 x 64 x 64"
            Expect.isGreaterThanOrEqual (ds.Images.min().item<float32>() |> float) -1.0 "min >= -1"
            Expect.isLessThanOrEqual (ds.Images.max().item<float32>() |> float) 1.0 "max <= +1"
            Expect.isGreaterThan (ds.Images.std().item<float32>() |> float) 0.1 "real faces are not flat"
            Expect.isTrue (ds.Labels.min().item<int64>() > 0L) "every image has an identity from the subset file"
    ]
