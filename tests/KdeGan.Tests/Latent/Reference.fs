/// Slow, obviously-correct float64 references for the Latent tests (plain loops over arrays).
module KdeGan.Tests.Latent.Reference

open TorchSharp

/// The rows of an n x d tensor as float64 arrays.
let rows (t: torch.Tensor) : float[][] =
    let n, d = int t.shape.[0], int t.shape.[1]
    let flat = t.detach().cpu().to_type(torch.ScalarType.Float64).contiguous().data<float>().ToArray()
    Array.init n (fun i -> flat.[i * d .. i * d + d - 1])

let squaredDistance (a: float[]) (b: float[]) = Array.fold2 (fun acc x y -> acc + (x - y) * (x - y)) 0.0 a b

/// log(sum(exp xs)) with the max shifted out.
let logSumExp (xs: float[]) =
    let m = Array.max xs
    if System.Double.IsNegativeInfinity m then m else m + log (Array.sumBy (fun x -> exp (x - m)) xs)

/// Eq. 3 by the definition: sum over i <> j, divided by m(m-1).
let mmd2 (gamma: float) (x: float[][]) (y: float[][]) =
    let k a b = exp (-gamma * squaredDistance a b)
    let m = x.Length
    let mutable total = 0.0
    for i in 0 .. m - 1 do
        for j in 0 .. m - 1 do
            if i <> j then total <- total + k x.[i] x.[j] + k y.[i] y.[j] - k x.[i] y.[j] - k x.[j] y.[i]
    total / float (m * (m - 1))

/// log of (1 - lambda) (1/N) sum_i N(z; b_i, h^2 I) + lambda N(z; 0, I).
let kdeLogDensity (bank: float[][]) (h: float) (lambda: float) (z: float[]) =
    let d = float z.Length
    let logKde =
        bank |> Array.map (fun b -> -squaredDistance z b / (2.0 * h * h)) |> logSumExp
        |> fun s -> s - log (float bank.Length) - 0.5 * d * log (2.0 * System.Math.PI * h * h)
    if lambda = 0.0 then logKde
    else
        let logBackground = -0.5 * Array.sumBy (fun v -> v * v) z - 0.5 * d * log (2.0 * System.Math.PI)
        logSumExp [| log (1.0 - lambda) + logKde; log lambda + logBackground |]
