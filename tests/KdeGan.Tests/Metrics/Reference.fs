/// Plain float64 loops the metrics are checked against, and small random inputs.
module KdeGan.Tests.Metrics.Reference

open System
open TorchSharp

/// n x k standard normal values (Box-Muller) from a seeded generator.
let gaussian (seed: int) (n: int) (k: int) (shift: float) =
    let rng = Random seed
    Array.init n (fun _ -> Array.init k (fun _ ->
        let u1 = 1.0 - rng.NextDouble()
        shift + sqrt (-2.0 * log u1) * cos (2.0 * Math.PI * rng.NextDouble())))

/// A float64 tensor with the rows of a jagged array.
let toTensor (rows: float[][]) =
    let flat: float[] = Array.concat rows
    torch.tensor(flat).reshape(int64 rows.Length, int64 rows.[0].Length)

let softmax (row: float[]) =
    let m = Array.max row
    let e = row |> Array.map (fun v -> exp (v - m))
    let s = Array.sum e
    e |> Array.map (fun v -> v / s)

/// exp(mean_x KL(p(y|x) || p(y))) of one group of probability rows.
let inceptionOfGroup (probs: float[][]) =
    let k = probs.[0].Length
    let py = Array.init k (fun j -> probs |> Array.averageBy (fun p -> p.[j]))
    probs |> Array.averageBy (fun p -> Array.fold2 (fun acc pj qj -> if pj > 0.0 then acc + pj * log (pj / qj) else acc) 0.0 p py) |> exp

let populationStd (values: float[]) =
    let m = Array.average values
    sqrt (values |> Array.averageBy (fun v -> (v - m) ** 2.0))

/// Mean vector and unbiased covariance.
let meanCov (x: float[][]) =
    let n, d = x.Length, x.[0].Length
    let mu = Array.init d (fun j -> x |> Array.averageBy (fun r -> r.[j]))
    let cov = Array2D.init d d (fun a b -> (x |> Array.sumBy (fun r -> (r.[a] - mu.[a]) * (r.[b] - mu.[b]))) / float (n - 1))
    mu, cov

let matMul (a: float[,]) (b: float[,]) =
    let n, m, p = Array2D.length1 a, Array2D.length2 a, Array2D.length2 b
    Array2D.init n p (fun i j -> Seq.sum (seq { for k in 0 .. m - 1 -> a.[i, k] * b.[k, j] }))

/// Gauss-Jordan inverse with partial pivoting.
let inverse (a: float[,]) =
    let n = Array2D.length1 a
    let m = Array2D.init n (2 * n) (fun i j -> if j < n then a.[i, j] elif j - n = i then 1.0 else 0.0)
    for c in 0 .. n - 1 do
        let p = seq { c .. n - 1 } |> Seq.maxBy (fun r -> abs m.[r, c])
        for j in 0 .. 2 * n - 1 do
            let t = m.[c, j]
            m.[c, j] <- m.[p, j]
            m.[p, j] <- t
        let pivot = m.[c, c]
        for j in 0 .. 2 * n - 1 do m.[c, j] <- m.[c, j] / pivot
        for r in 0 .. n - 1 do
            if r <> c then
                let f = m.[r, c]
                for j in 0 .. 2 * n - 1 do m.[r, j] <- m.[r, j] - f * m.[c, j]
    Array2D.init n n (fun i j -> m.[i, j + n])

/// Principal square root of a (not necessarily symmetric) matrix by the Denman-Beavers iteration.
let sqrtm (a: float[,]) =
    let n = Array2D.length1 a
    let mutable y = Array2D.copy a
    let mutable z = Array2D.init n n (fun i j -> if i = j then 1.0 else 0.0)
    for _ in 1 .. 60 do
        let yi, zi = inverse y, inverse z
        y <- Array2D.init n n (fun i j -> (y.[i, j] + zi.[i, j]) / 2.0)
        z <- Array2D.init n n (fun i j -> (z.[i, j] + yi.[i, j]) / 2.0)
    y

let trace (a: float[,]) = Seq.sum (seq { for i in 0 .. Array2D.length1 a - 1 -> a.[i, i] })

/// Fréchet distance by the textbook formula with a general matrix square root of S_r S_g.
let fid (real: float[][]) (fake: float[][]) =
    let mr, cr = meanCov real
    let mg, cg = meanCov fake
    Array.fold2 (fun acc a b -> acc + (a - b) ** 2.0) 0.0 mr mg + trace cr + trace cg - 2.0 * trace (sqrtm (matMul cr cg))

/// Unbiased MMD^2 with k(x, y) = (x.y / d + 1)^3, pair by pair.
let mmd2Cubic (x: float[][]) (y: float[][]) =
    let d = float x.[0].Length
    let k (a: float[]) (b: float[]) = (Array.fold2 (fun acc u v -> acc + u * v) 0.0 a b / d + 1.0) ** 3.0
    let m, n = float x.Length, float y.Length
    let within (s: float[][]) = seq { for i in 0 .. s.Length - 1 do for j in 0 .. s.Length - 1 do if i <> j then yield k s.[i] s.[j] } |> Seq.sum
    let cross = seq { for a in x do for b in y -> k a b } |> Seq.sum
    within x / (m * (m - 1.0)) + within y / (n * (n - 1.0)) - 2.0 * cross / (m * n)
