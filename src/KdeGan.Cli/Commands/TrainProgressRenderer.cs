using System.Diagnostics;
using System.Globalization;
using KdeGan.Core.Training;
using Spectre.Console;

namespace KdeGan.Cli.Commands;

/// <summary>
/// Renders engine progress: a live status line (iteration, it/s, ETA, losses, last event) via
/// Spectre.Console when the console is interactive, plain lines every few seconds when redirected.
/// </summary>
public sealed class TrainProgressRenderer(bool interactive, TimeSpan plainInterval) : ITrainingProgress
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Stopwatch sinceRender = Stopwatch.StartNew();
    private TimeSpan? lastPlain;
    private long firstIteration = 1;
    private string lastEvent = "";
    private Action<string>? update;

    /// <summary>Runs <paramref name="work"/>, with the live line shown around it when interactive.</summary>
    public T Run<T>(Func<T> work)
    {
        if (!interactive) return work();
        T result = default!;
        AnsiConsole.Live(new Markup("starting...")).AutoClear(false).Start(ctx =>
        {
            update = text =>
            {
                ctx.UpdateTarget(new Markup(Markup.Escape(text)));
                ctx.Refresh();
            };
            result = work();
        });
        update = null;
        return result;
    }

    public void Started(TrainingStarted info)
    {
        firstIteration = info.FirstIteration;
        clock.Restart();
        Console.WriteLine($"{info.Method} on {info.Dataset}: iterations {info.FirstIteration}..{info.TotalIterations}, {info.Threads} threads, {info.Device}; run folder {info.RunDir}");
    }

    public void Iteration(IterationReport r)
    {
        var done = r.Iteration - firstIteration + 1;
        var rate = done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var eta = TimeSpan.FromSeconds(Math.Min((r.TotalIterations - r.Iteration) / Math.Max(rate, 1e-9), 99 * 3600));
        var extras = string.Concat(r.Extras.Select(e => $" {e.Key} {e.Value.ToString("G4", CultureInfo.InvariantCulture)}"));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"it {r.Iteration}/{r.TotalIterations} ep {r.Epoch} | {rate:F2} it/s | ETA {eta:hh\\:mm\\:ss} | D {r.Losses.DLoss:F4} G {r.Losses.GLoss:F4} acc {r.Losses.DAccReal:F2}/{r.Losses.DAccFake:F2}{extras}");
        if (update is not null)
        {
            if (sinceRender.ElapsedMilliseconds < 200 && r.Iteration != r.TotalIterations) return;
            sinceRender.Restart();
            update(lastEvent.Length == 0 ? line : $"{line}\n{lastEvent}");
        }
        else if (lastPlain is null || clock.Elapsed - lastPlain >= plainInterval || r.Iteration == r.TotalIterations)
        {
            lastPlain = clock.Elapsed;
            Console.WriteLine(line);
        }
    }

    public void Message(string text)
    {
        lastEvent = text;
        if (update is null) Console.WriteLine(text);
    }
}
