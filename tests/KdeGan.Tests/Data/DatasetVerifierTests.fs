module KdeGan.Tests.Data.DatasetVerifierTests

open System.IO
open Expecto
open KdeGan.Core.Data
open KdeGan.Tests

[<Tests>]
let tests =
    testList "DatasetVerifier" [
        testCase "each dataset found is verified on its own and every problem is named" <| fun () ->
            let cleanup, root = TestData.tempDir ()
            use _ = cleanup
            let mnist = Path.Combine(root, "mnist")
            Directory.CreateDirectory mnist |> ignore
            for prefix in [ "train"; "t10k" ] do
                MnistTests.writeIdx mnist prefix [| Array.create 784 255uy; Array.zeroCreate 784 |] [| 1uy; 2uy |] true
            let cifar = Path.Combine(root, "cifar-10-batches-bin")
            Directory.CreateDirectory cifar |> ignore
            File.WriteAllBytes(Path.Combine(cifar, "test_batch.bin"), Array.zeroCreate 100)
            Expect.equal (List.ofSeq (DatasetVerifier.Present root)) [ "mnist"; "cifar10"; "mnist1000" ] "the datasets whose folders exist"

            let m = DatasetVerifier.Verify("mnist", root)
            Expect.equal (m.Splits |> Seq.map (fun s -> s.Count) |> List.ofSeq) [ 2L; 2L ] "both splits load"
            Expect.equal (m.Splits.[0].Histogram) [| 0L; 1L; 1L |] "label histogram"
            Expect.floatClose Accuracy.veryHigh (float m.Splits.[0].Min) -1.0 "value range min"
            Expect.floatClose Accuracy.veryHigh (float m.Splits.[0].Max) 1.0 "value range max"
            Expect.exists m.Problems (fun p -> p.Contains "mnist/train: expected 60000 images, found 2") "the count problem"
            Expect.exists m.Problems (fun p -> p.Contains "train-images-idx3-ubyte.gz: expected sha256 440fcabf") "the checksum problem"
            Expect.equal m.Files.Count 4 "the four files are listed"

            let c = DatasetVerifier.Verify("cifar10", root)
            Expect.isFalse c.Ok "cifar10 has problems"
            Expect.exists c.Problems (fun p -> p.Contains "data_batch_1.bin") "the missing training batch"
            Expect.exists c.Problems (fun p -> p.Contains "test_batch.bin" && p.Contains "100 bytes") "the short test batch"

        testCase "a dataset folder that is absent is a problem, not an exception" <| fun () ->
            let cleanup, root = TestData.tempDir ()
            use _ = cleanup
            let r = DatasetVerifier.Verify("svhn", root)
            Expect.exists r.Problems (fun p -> p.Contains "svhn" && p.Contains "not found") "names the missing folder"

        testCase "the real MNIST verifies without problems, published SHA-256s included" <| fun () ->
            TestData.requireReal "mnist" |> ignore
            let r = DatasetVerifier.Verify("mnist", (TestData.realDataRoot ()).Value)
            Expect.isEmpty r.Problems "mnist has no problems"
            Expect.equal (r.Splits |> Seq.map (fun s -> s.Count) |> List.ofSeq) [ 60000L; 10000L ] "both splits counted"
    ]

[<Tests>]
let catalogTests =
    testList "DatasetCatalog" [
        testCase "the catalog knows the five datasets and rejects another name, listing the known ones" <| fun () ->
            Expect.equal (List.ofSeq DatasetCatalog.Names) [ "mnist"; "cifar10"; "svhn"; "celeba"; "mnist1000" ] "names"
            let e = Throws.catch<System.ArgumentException> (fun () -> DatasetCatalog.Load("lsun", true, ".") |> ignore) "unknown name"
            Expect.stringContains e.Message "'lsun'" "names the request"
            Expect.stringContains e.Message "mnist, cifar10, svhn, celeba, mnist1000" "lists the known names"

        testCase "a missing dataset folder is an error that names it and says how to fetch it" <| fun () ->
            let cleanup, root = TestData.tempDir ()
            use _ = cleanup
            let e = Throws.catch<DirectoryNotFoundException> (fun () -> DatasetCatalog.Load("svhn", false, root) |> ignore) "no svhn folder"
            Expect.stringContains e.Message (Path.Combine(root, "svhn")) "names the folder"
            Expect.stringContains e.Message "build.fsx -t Data" "says how to fetch it"
    ]

[<Tests>]
let checksumListTests =
    testList "DatasetVerifier.SHA256SUMS" [
        testCase "a file whose content differs from its SHA256SUMS line, or is missing, is a named problem" <| fun () ->
            let cleanup, root = TestData.tempDir ()
            use _ = cleanup
            let celeba = Path.Combine(root, "celeba")
            let images = Path.Combine(celeba, CelebA.ImageFolder)
            Directory.CreateDirectory images |> ignore
            File.WriteAllBytes(Path.Combine(images, "000001.jpg"), [| 1uy; 2uy |])
            let zeros = System.String('0', 64)
            File.WriteAllText(Path.Combine(celeba, "SHA256SUMS"), $"{zeros}  000001.jpg\n{zeros}  000009.jpg\n")
            let r = DatasetVerifier.Verify("celeba", root)
            Expect.exists r.Problems (fun p -> p.Contains "000001.jpg: expected sha256 " && p.Contains "found ") "the changed file"
            Expect.exists r.Problems (fun p -> p.Contains "lists 000009.jpg") "the missing file"
    ]
