using System.CommandLine;
using KdeGan.Core.Data;

namespace KdeGan.Cli.Commands;

/// <summary>`kdegan data verify`: what datasets are present and whether they read correctly.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var verify = new Command("verify", "check every dataset found under the data root") { dataDir };
        verify.SetAction(parse =>
        {
            var root = DataLocation.Resolve(parse.GetValue(dataDir));
            Console.WriteLine($"data root: {root}");
            using var train = Mnist.Load(DataLocation.DatasetDir(root, "mnist"), train: true);
            Console.WriteLine($"{train.Name}: {train.Count} images, labels {string.Join(" ", train.LabelHistogram(10))}");
            return 0;
        });
        return new Command("data", "dataset commands") { verify };
    }
}
