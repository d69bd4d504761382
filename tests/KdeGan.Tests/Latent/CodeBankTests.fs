module KdeGan.Tests.Latent.CodeBankTests

open System.IO
open Expecto
open TorchSharp
open KdeGan.Core.Latent
open KdeGan.Tests

let private batch (value: float32) (rows: int64) = torch.full([| rows; 3L |], value.ToScalar())
let private indices (xs: int64[]) = torch.tensor(xs)
let private values (t: torch.Tensor) = t.contiguous().data<float32>().ToArray()

[<Tests>]
let tests =
    testList "CodeBank" [
        testCase "current-batch mode keeps only the latest batch" <| fun () ->
            use bank = CodeBank.CurrentBatch 3
            bank.Add(batch 1.0f 4L)
            bank.Add(batch 2.0f 5L)
            use codes = bank.Codes()
            Expect.equal codes.shape [| 5L; 3L |] "the second batch only"
            Expect.equal (values codes |> Array.distinct) [| 2.0f |] "its values"

        testCase "window mode keeps the last K batches, oldest first" <| fun () ->
            use bank = CodeBank.Window(3, 2)
            for v in [ 1.0f; 2.0f; 3.0f ] do bank.Add(batch v 2L)
            use codes = bank.Codes()
            Expect.equal bank.Count 4L "two batches of two"
            Expect.equal (values codes |> Array.distinct) [| 2.0f; 3.0f |] "batches 2 and 3, in order"

        testCase "per-example mode stores codes by dataset index and warm-starts known examples only" <| fun () ->
            use bank = CodeBank.PerExample(3, 10L)
            use first = indices [| 2L; 7L |]
            bank.Add(batch 1.0f 2L, first)
            use again = indices [| 7L |]
            bank.Add(batch 5.0f 1L, again)
            Expect.equal bank.Count 2L "two examples seen"
            use codes = bank.Codes()
            Expect.equal (values codes) [| 1.0f; 1.0f; 1.0f; 5.0f; 5.0f; 5.0f |] "index 2 then index 7 (overwritten)"
            use ask = indices [| 7L; 3L |]
            use fresh = batch -1.0f 2L
            use start = bank.WarmStart(ask, fresh)
            Expect.equal (values start) [| 5.0f; 5.0f; 5.0f; -1.0f; -1.0f; -1.0f |] "stored code for 7, fresh for unseen 3"

        testCase "an index outside the dataset is an error that gives the range" <| fun () ->
            use bank = CodeBank.PerExample(3, 10L)
            use bad = indices [| 10L |]
            try
                bank.Add(batch 1.0f 1L, bad)
                failtest "index 10 of 10 must be rejected"
            with :? System.ArgumentException as e -> Expect.stringContains e.Message "[0, 10)" "names the valid range"

        testCase "every mode survives a save and load unchanged" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let window = CodeBank.Window(3, 3)
            window.Add(batch 1.0f 2L)
            window.Add(torch.arange(9.0f.ToScalar()).reshape(3L, 3L))
            let perExample = CodeBank.PerExample(3, 5L)
            perExample.Add(torch.arange(6.0f.ToScalar()).reshape(2L, 3L), indices [| 4L; 0L |])
            for original in [ window; perExample ] do
                use original = original
                let path = Path.Combine(dir, $"{original.Mode}.bank")
                original.Save path
                use loaded = CodeBank.Load path
                Expect.equal (loaded.Mode, loaded.CodeDim, loaded.WindowBatches, loaded.DatasetSize)
                    (original.Mode, original.CodeDim, original.WindowBatches, original.DatasetSize) "header"
                use a = original.Codes()
                use b = loaded.Codes()
                Expect.equal (values b) (values a) $"{original.Mode} codes"
                Expect.isFalse (File.Exists(path + ".tmp")) "no temporary file left"

        testCase "a truncated bank file is an error naming the file" <| fun () ->
            let cleanup, dir = TestData.tempDir ()
            use _ = cleanup
            let path = Path.Combine(dir, "codes.bank")
            use bank = CodeBank.Window(3, 2)
            bank.Add(batch 1.0f 4L)
            bank.Save path
            File.WriteAllBytes(path, File.ReadAllBytes(path).[.. 40])
            try
                CodeBank.Load path |> ignore
                failtest "a truncated bank must not load"
            with :? InvalidDataException as e ->
                Expect.stringContains e.Message path "names the file"
                Expect.stringContains e.Message "truncated" "says what is wrong"
    ]
