module KdeGan.Tests.Nets.BiGanTests

open Expecto
open TorchSharp
open KdeGan.Core.Nets

/// Reference ||G(z) - x|| per image with plain loops over float arrays, in float64.
let referenceErrors (generated: float32[]) (images: float32[]) n =
    let per = images.Length / n
    Array.init n (fun i -> sqrt (Seq.sum (seq { for j in 0 .. per - 1 -> let d = float generated[i * per + j] - float images[i * per + j] in d * d })))

[<Tests>]
let tests =
    testList "BiGan" [
        for (c, h, w) in DcganTests.shapes do
            testCase $"E maps {c}x{h}x{w} images to 200-d codes and D maps image-code pairs to one logit each" <| fun () ->
                use rng = new torch.Generator(1UL)
                let layout = DcganLayout.For(c, h, w, widthMultiplier = 0.0625)
                use e = new BiGanEncoder(layout, rng)
                use d = new BiGanDiscriminator(layout, rng, 32, 64)
                use x = torch.randn([| 3L; int64 c; int64 h; int64 w |], generator = rng)
                use z = e.forward x
                Expect.equal z.shape [| 3L; 200L |] "encoder output shape"
                use logits = d.forward(x, z)
                Expect.equal logits.shape [| 3L |] "one logit per pair"

        testCase "the encoder honours width and batch norm: filters as D's, no batch norm on the input layer or when off" <| fun () ->
            use rng = new torch.Generator(1UL)
            let names (m: torch.nn.Module) = m.named_modules() |> Seq.map (fun struct (n, _) -> n) |> List.ofSeq
            let layout = DcganLayout.For(1, 28, 28, widthMultiplier = 0.125)
            use e = new BiGanEncoder(layout, rng)
            let convOut = e.named_parameters() |> Seq.filter (fun struct (n, p) -> n.EndsWith "weight" && p.dim() = 4L) |> Seq.map (fun struct (_, p) -> p.shape[0]) |> List.ofSeq
            Expect.equal convOut (layout.DiscriminatorFilters |> Array.map int64 |> List.ofArray) "convolution filters follow the layout at width 1/8"
            Expect.isFalse (names e |> List.exists (fun n -> n.Contains "down0_bn")) "no batch norm on the input layer"
            Expect.isTrue (names e |> List.exists (fun n -> n.Contains "down1_bn")) "batch norm on the second layer"
            use off = new BiGanEncoder(DcganLayout.For(1, 28, 28, widthMultiplier = 0.125, batchNorm = false), rng)
            Expect.isFalse (names off |> List.exists (fun n -> n.Contains "_bn")) "no batch norm when off"

        testCase "D rejects codes of the wrong dimension, naming the expected size" <| fun () ->
            use rng = new torch.Generator(1UL)
            use d = new BiGanDiscriminator(DcganLayout.For(1, 28, 28, widthMultiplier = 0.0625), rng, 8, 8)
            use x = torch.zeros([| 2L; 1L; 28L; 28L |])
            use z = torch.zeros([| 2L; 100L |])
            let e = KdeGan.Tests.Data.Throws.catch<System.ArgumentException> (fun () -> d.forward(x, z) |> ignore) "wrong code size throws"
            Expect.stringContains e.Message "200 dims" "the expected code size is named"

        testCase "D's dropout: seeded masks while training, none without a generator, rates outside [0, 1) rejected" <| fun () ->
            use rng = new torch.Generator(3UL)
            let layout = DcganLayout.For(1, 28, 28, widthMultiplier = 0.0625)
            use d = new BiGanDiscriminator(layout, rng, 16, 16, dropout = 0.5)
            use x = torch.randn([| 4L; 1L; 28L; 28L |], generator = rng)
            use z = torch.randn([| 4L; 200L |], generator = rng)
            let logits (g: torch.Generator) = use l = d.Logits(x, z, g) in l.data<float32>().ToArray()
            use plain = d.forward(x, z)
            use plainAgain = d.Logits(x, z, null)
            Expect.sequenceEqual (plain.data<float32>().ToArray()) (plainAgain.data<float32>().ToArray()) "forward is the pass without dropout"
            use a = new torch.Generator(7UL)
            use b = new torch.Generator(7UL)
            Expect.sequenceEqual (logits a) (logits b) "same seed, same masks"
            Expect.notEqual (logits a) (plain.data<float32>().ToArray()) "dropout changes the logits"
            for bad in [ -0.1; 1.0 ] do
                let e = KdeGan.Tests.Data.Throws.catch<System.ArgumentException> (fun () -> new BiGanDiscriminator(layout, rng, 8, 8, dropout = bad) |> ignore) "bad rate throws"
                Expect.stringContains e.Message "dropout" "names the dropout rate"

        testCase "E(x) starts near the prior's scale, so D cannot tell codes apart by their norm alone" <| fun () ->
            use rng = new torch.Generator(1UL)
            use e = new BiGanEncoder(DcganLayout.For(1, 28, 28, widthMultiplier = 0.125), rng)
            e.train()
            use x = torch.rand([| 100L; 1L; 28L; 28L |], generator = rng) * 2.0 - 1.0
            use codes = e.forward x
            let std = codes.std().item<float32>() |> float
            Expect.isTrue (std > 0.3 && std < 3.0) $"code std {std} within [0.3, 3] (DCGAN's N(0, 0.02) init gives about 0.1)"

        testCase "reconstruction errors equal a float64 loop over pixels of ||G(z) - x||" <| fun () ->
            use rng = new torch.Generator(5UL)
            use x = torch.randn([| 4L; 1L; 3L; 5L |], generator = rng)
            use shift = torch.randn([| 4L; 1L; 3L; 5L |], generator = rng)
            use codes = torch.zeros([| 4L; 2L |])
            use errs = BiGanReconstruction.Errors((fun _ -> shift.clone()), codes, x)
            let expected = referenceErrors (shift.data<float32>().ToArray()) (x.data<float32>().ToArray()) 4
            let actual = errs.data<float32>().ToArray()
            for i in 0 .. 3 do Expect.floatClose Accuracy.medium (float actual[i]) expected[i] $"image {i}"
    ]
