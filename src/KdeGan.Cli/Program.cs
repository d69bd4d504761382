using System.CommandLine;
using KdeGan.Cli.Commands;

// `kdegan`: one subcommand per job; each lives in Commands/ and owns its options.
var root = new RootCommand("KdeGan.Repro: reproduce 'Generator Reversal' (Kilcher, Lucchi, Hofmann, 2017)");
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ScorersCommand.Create());
root.Subcommands.Add(ExperimentCommand.Create());
root.Subcommands.Add(ScoreCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(RegressionCommand.Create());
root.Subcommands.Add(CompareInferenceCommand.Create());
root.Subcommands.Add(AnalyseCommand.Create());
root.Subcommands.Add(ReverseCommand.Create());
// Termination signals are left to CancellableRun, which checkpoints before exiting; System.CommandLine's
// own handler would end the process two seconds after Ctrl-C or SIGTERM, mid-iteration.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
