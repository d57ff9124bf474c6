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

    @Test
    void guiOnAFileThatIsNotThereSaysSoWithoutOpeningAWindow() {
        assertThat(run("gui", "no-such-topology.yaml")).isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(err.toString()).contains("no-such-topology.yaml: no such file");
    }

    @Test
    void aSingleTopologyArgumentOpensTheWindowOnIt() throws Exception {
        assertThat(io.ioptexplorer.app.LauncherAccess.opensAFile(resource("broken.yaml"))).isTrue();
        assertThat(io.ioptexplorer.app.LauncherAccess.opensAFile("sample:amd-nic-iommu.yaml")).isTrue();
        assertThat(io.ioptexplorer.app.LauncherAccess.opensAFile("list-samples")).isFalse();
        assertThat(io.ioptexplorer.app.LauncherAccess.opensAFile("--help")).isFalse();
        assertThat(io.ioptexplorer.app.LauncherAccess.opensAFile("missing.yaml")).isFalse();
    }

    private static String resource(String name) throws Exception {
        return java.nio.file.Path.of(CliTest.class.getResource("/cli/" + name).toURI()).toString();
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("validate").contains("run").contains("list-samples");
    }

    @Test
    void validateAcceptsTheSamplesAndRejectsABrokenFileWithLocations() throws Exception {
        assertThat(run("validate", "../sample-topologies/selftest-128k.yaml", "sample:amd-nic-iommu.yaml")).isZero();
        assertThat(out.toString()).contains("selftest-128k.yaml: valid");
        assertThat(run("validate", resource("broken.yaml"))).isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(err.toString()).contains("broken.yaml:3:").contains("mok").contains("broken.yaml:6:")
                .contains("mock9").doesNotContain("Exception");
    }

    @Test
    void runPassesWhenEveryExpectHolds() {
        assertThat(run("run", "../sample-topologies/selftest-128k.yaml")).isZero();
        assertThat(out.toString()).contains("12 steps, 12 passed, 0 failed");
    }

    @Test
    void runFailsWithExitOneSayingWhichExpectAndWhy() throws Exception {
        assertThat(run("run", resource("failing-expect.yaml"))).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(out.toString()).contains("FAIL failing-expect.yaml:15:").contains("expected dirty-bits 15, got 16");
    }

    @Test
    void runOnInvalidInputExitsTwo() throws Exception {
        assertThat(run("run", resource("broken.yaml"))).isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(run("run", "no-such-file.yaml")).isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(err.toString()).contains("no-such-file.yaml:1:1: cannot read the file");
    }

    @Test
    void jsonReportGoesToStandardOutputAndSetOverridesTheFile() throws Exception {
        assertThat(run("run", "../sample-topologies/selftest-128k.yaml", "--json", "-", "--seed", "7")).isZero();
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(tree.get("seed").asLong()).isEqualTo(7);
        assertThat(tree.get("steps").get(10).get("result").get("bitmap").asText()).isEqualTo("55".repeat(8));
        assertThat(err.toString()).contains("12 passed");

        out.getBuffer().setLength(0);
        assertThat(run("run", resource("failing-expect.yaml"), "--set", "steps[6].expect.dirty-bits=16")).isZero();
    }

    @Test
    void listSamplesNamesEachBundledSample() {
        assertThat(run("list-samples")).isZero();
        assertThat(out.toString()).contains("selftest-128k.yaml").contains("iommufd dirty-tracking selftest");
    }
}
