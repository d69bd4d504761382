/// Small synthetic inputs shared by the analysis tests, drawn from System.Random (never torch's
/// global generator) so every test is reproducible on its own.
module KdeGan.Tests.Analysis.AnalysisData

open System
open TorchSharp

/// A standard normal array of length n (Box-Muller).
let gaussian (rng: Random) n =
    Array.init n (fun _ ->
        let u1 = 1.0 - rng.NextDouble()
        let u2 = rng.NextDouble()
        sqrt (-2.0 * log u1) * cos (2.0 * Math.PI * u2))

/// `clusters` Gaussian blobs of `perCluster` points in `dims` dimensions, unit noise, centres
/// drawn with scale `separation`; rows ordered cluster by cluster, labels 0..clusters-1.
let blobs seed clusters perCluster dims separation =
    let rng = Random(int seed)
    let centres = Array.init clusters (fun _ -> gaussian rng dims |> Array.map ((*) separation))
    let rows =
        [| for c in 0 .. clusters - 1 do
             for _ in 1 .. perCluster do
                 yield Array.map2 (+) centres.[c] (gaussian rng dims) |]
    let labels = [| for c in 0 .. clusters - 1 do for _ in 1 .. perCluster do yield int64 c |]
    rows, labels

/// A jagged float64 array as an N x d tensor of the given dtype.
let toTensor (dtype: torch.ScalarType) (rows: float[][]) =
    let n, d = rows.Length, rows.[0].Length
    use flat = torch.tensor (Array.concat rows)
    flat.reshape(int64 n, int64 d).to_type dtype

/// An N x d tensor back as a jagged float64 array.
let toRows (t: torch.Tensor) =
    use t64 = t.to_type torch.ScalarType.Float64
    let flat = t64.contiguous().data<float>().ToArray()
    let d = int t.shape.[1]
    Array.chunkBySize d flat

/// Squared Euclidean distance by a plain loop.
let squaredDistance (a: float[]) (b: float[]) =
    let mutable s = 0.0
    for i in 0 .. a.Length - 1 do
        s <- s + (a.[i] - b.[i]) * (a.[i] - b.[i])
    s

/// Euclidean norm by a plain loop.
let norm (a: float[]) = sqrt (squaredDistance a (Array.zeroCreate a.Length))

/// True when both tensors have the same shape, dtype and every element equal.
let identical (a: torch.Tensor) (b: torch.Tensor) =
    a.shape = b.shape && a.dtype = b.dtype && a.eq(b).all().item<bool>()
