namespace KdeGan.Core.Training;

/// <summary>The registry from a method name (experiment files, --method) to its implementation.</summary>
public static class GanMethods
{
    public static readonly IReadOnlyList<string> Names = ["dcgan", "bigan"];

    public static GanMethod Create(string name, GanContext context) => name switch
    {
        "dcgan" => new DcganMethod(context),
        "bigan" => new BiGanMethod(context),
        _ => throw new ArgumentException($"unknown method '{name}'; known: {string.Join(", ", Names)}"),
    };
}
