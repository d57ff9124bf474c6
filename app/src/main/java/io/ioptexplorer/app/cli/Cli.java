package io.ioptexplorer.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs the command line: parses arguments with picocli, maps outcomes to exit codes. */
public final class Cli {
    /** Exit code for input the program cannot use (bad arguments, invalid files). */
    public static final int EXIT_INVALID_INPUT = 2;
    /** Exit code when a run's expectations do not hold, or a command fails. */
    public static final int EXIT_FAILURE = 1;

    private Cli() {
    }

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new IoptCommand());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_INVALID_INPUT;
        });
        // A failure inside a command is reported as one line, never as a stack trace.
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("iopt-explorer: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return EXIT_FAILURE;
        });
        return cl;
    }
}
