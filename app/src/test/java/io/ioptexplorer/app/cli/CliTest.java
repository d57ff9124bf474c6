package io.ioptexplorer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void versionPrintsNameAndVersionAndExitsZero() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("IOPT Explorer 0.1.0");
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: iopt-explorer").contains("Commands:").contains("gui")
                .contains("help");
    }

    @Test
    void unknownOptionIsInvalidInputWithAHint() {
        assertThat(run("--no-such-option")).isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'").contains("--help");
    }
}
