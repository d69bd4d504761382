module KdeGan.Tests.Training.SampleGridTests

open System.IO
open Expecto
open SkiaSharp
open TorchSharp
open KdeGan.Core.Report
open KdeGan.Core.Runs
open KdeGan.Tests

[<Tests>]
let tests =
    testList "SampleGrid" [
        testCase "a grid places each image at its cell with the [-1, 1] -> 0..255 mapping and a grey border" <| fun () ->
            // Three 1x2x3 images, two per row, border 1: a 2-row grid of 2*(3+1)+1 by 2*(2+1)+1 pixels.
            let values = Array.init 18 (fun i -> float32 i / 8.5f - 1.0f)
            use images = torch.tensor(values).reshape(3L, 1L, 2L, 3L)
            use bitmap = SKBitmap.Decode(ImageGrid.ToPng(images, 2, 1))
            Expect.equal (bitmap.Width, bitmap.Height) (9, 7) "grid size"
            for i in 0 .. 2 do
                for y in 0 .. 1 do
                    for x in 0 .. 2 do
                        let expected = System.Math.Round((float values[i * 6 + y * 3 + x] + 1.0) * 127.5) |> byte
                        let px = bitmap.GetPixel(1 + (i % 2) * 4 + x, 1 + (i / 2) * 3 + y)
                        Expect.equal (px.Red, px.Green, px.Blue) (expected, expected, expected) $"image {i} pixel ({y},{x})"
            Expect.equal (bitmap.GetPixel(0, 0).Red) 128uy "border is grey"
            Expect.equal (bitmap.GetPixel(6, 5).Red) 128uy "the empty fourth cell is border grey"

        testCase "stacking rows puts them top to bottom" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            let row (value: float32) name =
                let path = Path.Combine(dir, name)
                use images = torch.ones([| 2L; 3L; 2L; 2L |]).mul(torch.tensor value)
                ImageGrid.Save(path, images, 2, 1)
                path
            let out = Path.Combine(dir, "stack.png")
            ImageGrid.StackRows([ row -1.0f "a.png"; row 1.0f "b.png" ], out)
            use bitmap = SKBitmap.Decode out
            Expect.equal (bitmap.Width, bitmap.Height) (7, 8) "two 7x4 rows"
            Expect.equal (bitmap.GetPixel(1, 1).Red) 0uy "first row is the black images"
            Expect.equal (bitmap.GetPixel(1, 5).Red) 255uy "second row is the white images"

        testCase "an atomic write replaces the file and leaves no temporary file behind" <| fun () ->
            let d, dir = TestData.tempDir ()
            use _ = d
            let path = Path.Combine(dir, "sub", "f.txt")
            AtomicFile.WriteAllText(path, "one")
            AtomicFile.WriteAllText(path, "two")
            Expect.equal (File.ReadAllText path) "two" "content replaced"
            Expect.equal (Directory.GetFiles(Path.Combine(dir, "sub")).Length) 1 "no temporary files left"
    ]
