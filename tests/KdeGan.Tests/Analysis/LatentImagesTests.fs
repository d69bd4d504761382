module KdeGan.Tests.Analysis.LatentImagesTests

open System
open Expecto
open TorchSharp
open KdeGan.Core.Analysis

[<Tests>]
let tests =
    testList "LatentImages" [
        testCase "decoding in batches gives the rows in order, as one call on all codes does" <| fun () ->
            use codes = torch.arange(40L, dtype = torch.ScalarType.Float32).reshape(10L, 4L)
            let mutable calls = 0
            let mutable sawGrad = false
            let generator =
                Func<torch.Tensor, torch.Tensor>(fun z ->
                    calls <- calls + 1
                    sawGrad <- sawGrad || torch.is_grad_enabled ()
                    z.mul(torch.tensor 2.0f).reshape(-1L, 1L, 2L, 2L))
            use images = LatentImages.Decode(generator, codes, batchSize = 3)
            Expect.equal calls 4 "ceil(10 / 3) batches"
            Expect.isFalse sawGrad "the generator runs without gradients"
            use expected = codes.mul(torch.tensor 2.0f).reshape(-1L, 1L, 2L, 2L)
            Expect.isTrue (KdeGan.Tests.Analysis.AnalysisData.identical images expected) "rows in order"
    ]
