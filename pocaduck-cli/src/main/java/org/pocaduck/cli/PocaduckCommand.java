package org.pocaduck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code pocaduck} command: consolidates and queries a PoCADuck dataset from a shell. */
@Command(
        name = "pocaduck",
        mixinStandardHelpOptions = true,
        versionProvider = PomVersionProvider.class,
        description = "Ingest, scan, consolidate, optimize, inspect and query a PoCADuck point-cloud dataset; read"
                + " and import datasets of the Python PoCADuck.",
        subcommands = {
            ConsolidateCommand.class,
            OptimizeCommand.class,
            CleanupCommand.class,
            InfoCommand.class,
            LabelsCommand.class,
            CountCommand.class,
            BlocksCommand.class,
            PointsCommand.class,
            VerifyCommand.class,
            IngestCommand.class,
            ScanCommand.class,
            ImportCommand.class,
            RenderCommand.class,
            DemoCommand.class,
        },
        footer = {"", "Example:", "  pocaduck points --base /data/pc --label 18446744073709551615 --format csv"})
public final class PocaduckCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: that is a usage error, answered with the usage. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PocaduckCommand()).execute(args));
    }
}
