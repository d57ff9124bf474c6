package io.ioptexplorer.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs the command line: parses arguments with picocli, maps outcomes to exit codes. */
public final class Cli {
    /** Exit code for input the program cannot use (bad arguments, invalid files). */
    public static final int EXIT_INVALID_INPUT = 2;

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
        return cl;
    }
}
