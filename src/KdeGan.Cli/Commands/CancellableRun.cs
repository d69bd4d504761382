using KdeGan.Core.Runs;
using KdeGan.Core.Training;

namespace KdeGan.Cli.Commands;

/// <summary>
/// How long-running commands (train, analyse, experiment run) run: Ctrl-C and SIGTERM (a job
/// scheduler's or CI's stop) cancel the token so the engine can finish its iteration and checkpoint, and the engine's expected errors become a
/// one-line message and an exit code (2 for bad input, 3 for divergence, 130 for cancellation).
/// </summary>
public static class CancellableRun
{
    public static int Execute(Func<CancellationToken, int> body)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        try
        {
            return body(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e) when (e is SettingsException or DivergenceException or ArgumentException or IOException or InvalidDataException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return e is DivergenceException ? 3 : 2;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
