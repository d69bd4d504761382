using System.Text;
using KdeGan.Core.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>
/// One checkpoint file: iteration, config hash, every module and optimiser of the method, the
/// training stream's RNG state, the sampler position and the method's own state. Written
/// atomically, so the previous checkpoint stays until the new one is complete.
/// </summary>
public static class Checkpoint
{
    const string Magic = "KDEGAN-CKPT-1";

    public static void Save(string path, long iteration, string configHash, GanMethod method, Generator rng, BatchSampler sampler) =>
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(iteration);
            w.Write(configHash);
            foreach (var (name, module) in method.Modules)
            {
                w.Write(name);
                module.save(w);
            }
            foreach (var (name, optimizer) in method.Optimizers)
            {
                w.Write(name);
                optimizer.save_state_dict(w);
            }
            using var state = rng.get_state();
            var bytes = state.data<byte>().ToArray();
            w.Write(bytes.Length);
            w.Write(bytes);
            sampler.Save(w);
            method.SaveState(w);
        });

    /// <summary>Restores everything <see cref="Save"/> wrote and returns the iteration; errors name the file.</summary>
    public static long Load(string path, string configHash, GanMethod method, Generator rng, BatchSampler sampler)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no checkpoint to resume from: {path} does not exist");
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        Expect(path, "file magic", Magic, r.ReadString());
        var iteration = r.ReadInt64();
        Expect(path, "config hash (the resolved settings must equal those of the interrupted run)", configHash, r.ReadString());
        foreach (var (name, module) in method.Modules)
        {
            Expect(path, "module", name, r.ReadString());
            module.load(r);
        }
        foreach (var (name, optimizer) in method.Optimizers)
        {
            Expect(path, "optimiser", name, r.ReadString());
            optimizer.load_state_dict(r);
        }
        var bytes = r.ReadBytes(r.ReadInt32());
        using (var state = tensor(bytes, dtype: ScalarType.Byte)) rng.set_state(state);
        sampler.Load(r);
        method.LoadState(r);
        return iteration;
    }

    /// <summary>The iteration a checkpoint was taken after, without loading it.</summary>
    public static long ReadIteration(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no checkpoint to resume from: {path} does not exist");
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        Expect(path, "file magic", Magic, r.ReadString());
        return r.ReadInt64();
    }

    static void Expect(string path, string what, string expected, string found)
    {
        if (expected != found) throw new InvalidDataException($"{path}: expected {what} '{expected}', found '{found}'");
    }
}
