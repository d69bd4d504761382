/// Writes MATLAB 5 .mat files the way MATLAB does (little-endian, 8-byte padded elements, names
/// of up to 4 bytes in the small element format, optional miCOMPRESSED wrapping), for the tests.
module KdeGan.Tests.Data.MatWriter

open System
open System.IO
open System.IO.Compression
open System.Text

let private le32 (v: int) = BitConverter.GetBytes v
let private pad (bytes: byte[]) = Array.append bytes (Array.zeroCreate ((8 - bytes.Length % 8) % 8))

/// A full data element: 8-byte tag (type, byte count) and padded data.
let element (dataType: int) (data: byte[]) = Array.concat [ le32 dataType; le32 data.Length; pad data ]

/// A small data element: byte count and type packed in 4 bytes, then up to 4 bytes of data.
let smallElement (dataType: int) (data: byte[]) =
    Array.concat [ le32 ((data.Length <<< 16) ||| dataType); data; Array.zeroCreate (4 - data.Length) ]

/// A miMATRIX element of a real numeric array: class id, dimensions, name, data (already in the storage type).
let matrix (classId: int) (dims: int[]) (name: string) (storageType: int) (data: byte[]) =
    let nameBytes = Encoding.ASCII.GetBytes name
    let body =
        Array.concat [
            element 6 (Array.append (le32 classId) (le32 0)) // miUINT32 array flags
            element 5 (dims |> Array.collect le32) // miINT32 dimensions
            (if nameBytes.Length <= 4 then smallElement 1 nameBytes else element 1 nameBytes)
            element storageType data ]
    element 14 body

/// Wraps a whole element into a zlib-compressed miCOMPRESSED element (unpadded, as MATLAB writes it).
let compressed (inner: byte[]) =
    use buffer = new MemoryStream()
    do
        use z = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen = true)
        z.Write(inner, 0, inner.Length)
    let packed = buffer.ToArray()
    Array.concat [ le32 15; le32 packed.Length; packed ]

/// The 128-byte header: descriptive text, subsystem offset, version 0x0100, endian indicator "IM".
let header () =
    let text = Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, written by KdeGan tests".PadRight 116)
    Array.concat [ text; Array.zeroCreate 8; [| 0uy; 1uy |]; Encoding.ASCII.GetBytes "IM" ]

/// Writes the header and the given elements to path.
let write (path: string) (elements: byte[] list) = File.WriteAllBytes(path, Array.concat (header () :: elements))
