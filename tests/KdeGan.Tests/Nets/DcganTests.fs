module KdeGan.Tests.Nets.DcganTests

open Expecto
open TorchSharp
open KdeGan.Core.Nets

/// Every dataset shape of the paper: MNIST, MNIST1000 side by side and stacked, SVHN/CIFAR-10, CelebA.
let shapes = [ 1, 28, 28; 1, 28, 84; 3, 28, 28; 3, 32, 32; 3, 64, 64 ]

[<Tests>]
let tests =
    testList "Dcgan" [
        for (c, h, w) in shapes do
            testCase $"G maps 200-d codes to exactly {c}x{h}x{w} in [-1, 1] and D maps those images to one logit each" <| fun () ->
                use rng = new torch.Generator(1UL)
                let layout = DcganLayout.For(c, h, w, widthMultiplier = 0.0625)
                use g = new DcganGenerator(layout, rng)
                use d = new DcganDiscriminator(layout, rng)
                use z = torch.randn([| 3L; 200L |], generator = rng)
                use images = g.forward z
                Expect.equal images.shape [| 3L; int64 c; int64 h; int64 w |] "generator output shape"
                Expect.isLessThanOrEqual (images.abs().max().item<float32>()) 1.0f "tanh output stays in [-1, 1]"
                use logits = d.forward images
                Expect.equal logits.shape [| 3L |] "one logit per image"

        testCase "at width 1 the filter counts are the appendix's, with the extra 512 layer only for 64x64" <| fun () ->
            let mnist = DcganLayout.For(1, 28, 28)
            Expect.equal mnist.StartFilters 512 "start grid filters"
            Expect.equal mnist.GeneratorFilters [| 256; 128; 64 |] "G filters for 28x28"
            Expect.equal mnist.DiscriminatorFilters [| 256; 128; 64 |] "D filters as written in the appendix"
            let celeba = DcganLayout.For(3, 64, 64)
            Expect.equal celeba.GeneratorFilters [| 512; 256; 128; 64 |] "CelebA G has the extra 512 layer second"
            Expect.equal celeba.DiscriminatorFilters [| 256; 512; 128; 64 |] "CelebA D has the extra 512 layer second"

        testCase "the grid starts at 4x4 for square shapes and 4x11 for the 28x84 layout" <| fun () ->
            Expect.equal (DcganLayout.For(1, 28, 28).Grid |> Array.map (fun struct (a, b) -> a, b)) [| 4, 4; 7, 7; 14, 14; 28, 28 |] "28x28 plan"
            Expect.equal (DcganLayout.For(1, 28, 84).Grid |> Array.map (fun struct (a, b) -> a, b)) [| 4, 11; 7, 21; 14, 42; 28, 84 |] "28x84 plan"
            Expect.equal (DcganLayout.For(3, 64, 64).Grid |> Array.map (fun struct (a, b) -> a, b)) [| 4, 4; 8, 8; 16, 16; 32, 32; 64, 64 |] "64x64 plan"

        testCase "batch norm off leaves no batch-norm layer and D never normalises its input layer" <| fun () ->
            use rng = new torch.Generator(1UL)
            let names (m: torch.nn.Module) = m.named_modules() |> Seq.map (fun struct (n, _) -> n) |> List.ofSeq
            use dOff = new DcganDiscriminator(DcganLayout.For(1, 28, 28, widthMultiplier = 0.0625, batchNorm = false), rng)
            Expect.isFalse (names dOff |> List.exists (fun n -> n.Contains "_bn")) "no batch norm when off"
            use dOn = new DcganDiscriminator(DcganLayout.For(1, 28, 28, widthMultiplier = 0.0625), rng)
            Expect.isFalse (names dOn |> List.exists (fun n -> n.Contains "down0_bn")) "no batch norm on D's input layer"
            Expect.isTrue (names dOn |> List.exists (fun n -> n.Contains "down1_bn")) "batch norm on D's second layer"
    ]
