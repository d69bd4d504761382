using System.CommandLine;
using KdeGan.Core.Runs;

namespace KdeGan.Cli.Commands;

/// <summary>`kdegan doctor`: proves that TorchSharp's native libraries load and compute.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var doctor = new Command("doctor", "check that torch loads and computes on this machine");
        doctor.SetAction(_ =>
        {
            var report = TorchCheck.Run();
            Console.WriteLine(report);
            return 0;
        });
        return doctor;
    }
}
