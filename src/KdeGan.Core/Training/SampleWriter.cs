using KdeGan.Core.Report;
using KdeGan.Core.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>
/// Fixed-noise sample grids on the schedule of <see cref="SampleSettings"/>: the Figure 6 rows
/// (one row of the same codes every figure6_every steps from figure6_start, composed into
/// samples/figure6.png), a periodic grid every `every` steps, and final.png. The codes come from
/// the method's own prior (<see cref="GanMethod.SampleLatent"/>: N(0, I) for DCGAN and BiGAN,
/// the current KDE for KDE-GAN) driven by a stream restarted from the run's fixed-noise seed at
/// every grid, so a fixed prior gives the same codes in every grid and sampling never touches
/// the training stream. G runs in eval mode (batch-norm running statistics) without gradients,
/// so sampling does not change training either.
/// </summary>
public sealed class SampleWriter
{
    private readonly SampleSettings settings;
    private readonly RunPaths paths;
    private readonly int seed;

    public SampleWriter(SampleSettings settings, RunPaths paths, int seed)
    {
        this.settings = settings;
        this.paths = paths;
        this.seed = seed;
    }

    public bool IsFigure6Step(long iteration) =>
        iteration >= settings.Figure6Start && (iteration - settings.Figure6Start) % settings.Figure6Every == 0
        && (iteration - settings.Figure6Start) / settings.Figure6Every < settings.Figure6Rows;

    /// <summary>Writes whatever the schedule asks for at <paramref name="iteration"/>; returns the files written.</summary>
    public IReadOnlyList<string> AfterIteration(long iteration, GanMethod method)
    {
        var written = new List<string>();
        if (IsFigure6Step(iteration))
        {
            Render(method, settings.Columns, images => ImageGrid.Save(paths.Figure6Row(iteration), images, settings.Columns));
            var rows = Directory.GetFiles(paths.Figure6Rows, "row-*.png").Order(StringComparer.Ordinal)
                .Where(p => RowStep(p) <= iteration).ToList();
            ImageGrid.StackRows(rows, paths.Figure6);
            written.Add(paths.Figure6);
        }
        if (settings.Every > 0 && iteration % settings.Every == 0)
        {
            Render(method, settings.Count, images => ImageGrid.Save(paths.SampleGrid(iteration), images, settings.Columns));
            written.Add(paths.SampleGrid(iteration));
        }
        return written;
    }

    /// <summary>samples/final.png.</summary>
    public void Final(GanMethod method) =>
        Render(method, settings.Count, images => ImageGrid.Save(paths.FinalSamples, images, settings.Columns));

    void Render(GanMethod method, int count, Action<Tensor> save)
    {
        using var scope = NewDisposeScope();
        method.SetTraining(false);
        try
        {
            using var rng = TorchSetup.Stream(seed, RngPurpose.FixedNoise);
            using (no_grad())
            {
                // Always the same number of codes, so a grid of fewer images shows a prefix of the larger one.
                var codes = method.SampleLatent(Math.Max(settings.Count, settings.Columns), rng);
                save(method.Generator.forward(codes.narrow(0, 0, count)));
            }
        }
        finally
        {
            method.SetTraining(true);
        }
    }

    static long RowStep(string path) => long.Parse(Path.GetFileNameWithoutExtension(path)["row-".Length..]);
}
