package io.ioptexplorer.hardware.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever the input, loading returns a Topology or throws a TopologyException with located, one-line problems:
 * never a NullPointerException, a parser exception or a stack trace in a message.
 */
class GarbageInputProperties {

    private static final List<String> SAMPLES = samples();

    private static List<String> samples() {
        try {
            return List.of(Files.readString(SampleTopologiesTest.sample("selftest-128k.yaml")),
                    Files.readString(SampleTopologiesTest.sample("amd-nic-iommu.yaml")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void loadsOrFailsCleanly(String text) {
        try {
            Topology t = TopologyLoader.load("g.yaml", text);
            assertThat(t).isNotNull();
        } catch (TopologyException e) {
            assertThat(e.problems()).isNotEmpty();
            for (Problem p : e.problems()) {
                assertThat(p.location().file()).isEqualTo("g.yaml");
                assertThat(p.location().line()).isPositive();
                assertThat(p.location().column()).isPositive();
                assertThat(p.message()).isNotBlank().doesNotContain("\n").doesNotContain("\tat ")
                        .doesNotContain("Exception");
            }
        }
    }

    @Property(tries = 400)
    void randomTextNeverCrashes(@ForAll @StringLength(max = 300) String text) {
        loadsOrFailsCleanly(text);
    }

    @Property(tries = 400)
    void yamlishTextNeverCrashes(@ForAll("yamlish") String text) {
        loadsOrFailsCleanly(text);
    }

    @Property(tries = 600)
    void mutatedSamplesNeverCrash(@ForAll("mutatedSamples") String text) {
        loadsOrFailsCleanly(text);
    }

    /** Replaces values (the text after ': ') with other plausible or hostile values, to reach the validator. */
    @Property(tries = 600)
    void samplesWithSwappedValuesNeverCrash(@ForAll("swappedValues") String text) {
        loadsOrFailsCleanly(text);
    }

    @Provide
    Arbitrary<String> swappedValues() {
        Arbitrary<String> values = Arbitraries.of("0", "1", "-1", "0x0", "0x800", "3KiB", "2KiB", "4KiB", "1MiB",
                "1TiB", "8EiB", "9223372036854775807", "1.5", "true", "false", "~", "''", "[]", "{}", "[1, 2]",
                "{a: 1}", "ioas0", "ioas1", "hwpt0", "hwpt1", "dev0", "dev1", "mock0", "amd0", "nic0", "STOP_COPY",
                "EINVAL", "ERROR", "ring", "mlx5", "none", "auto", "eager", "vcpus", "10Gbit/s", "0MiB/s", "0ms",
                "300ms", "sv39", "amd-v1", "smmuv3", "riscv", "vtd-ss", "mock", "get-bitmap", "rw", "w", "x");
        return Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.integers().between(0, 10_000).list()
                .ofMinSize(1).ofMaxSize(5), values.list().ofSize(5)).as((s, picks, vals) -> {
                    StringBuilder b = new StringBuilder(s);
                    for (int i = 0; i < picks.size(); i++) {
                        List<Integer> colons = new ArrayList<>();
                        for (int k = b.indexOf(": "); k >= 0; k = b.indexOf(": ", k + 1)) {
                            colons.add(k + 2);
                        }
                        if (colons.isEmpty()) {
                            break;
                        }
                        int start = colons.get(picks.get(i) % colons.size());
                        int end = start;
                        while (end < b.length() && ",}]\n".indexOf(b.charAt(end)) < 0) {
                            end++;
                        }
                        b.replace(start, end, vals.get(i));
                    }
                    return b.toString();
                });
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> tokens = Arbitraries.of("name", "iommus", "vm", "devices", "steps", "migration", ":", ": ",
                "- ", "\n", "  ", "{", "}", "[", "]", ",", "&a", "*a", "!!str", "!x", "'", "\"", "#", "?", "|",
                ">", "---", "...", "0x", "1", "4KiB", "-1", "id", "model", "mock", "amd-v1", "ioas-map", "expect",
                "expect-error", "EINVAL", "~", "null", "true", "\t", "%YAML 1.2", "@", "`", "\u00e9", "\ud83d\ude00");
        return tokens.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> mutatedSamples() {
        Arbitrary<String> sample = Arbitraries.of(SAMPLES);
        Arbitrary<List<int[]>> edits = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 4000), Arbitraries.integers().between(0, 40))
                .as((kind, pos, arg) -> new int[] {kind, pos, arg}).list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<String> inserts = Arbitraries.of("x", ":", "- ", "{", "}", "[", "]", "\n", "  ", "-", "0x",
                "KiB", "&a ", "*a", "!!java.net.URL ", "'", "\"", ",", "#", "~", "9999999999999999999999", "1.5",
                "expect: {dirty-bits: x}", "expect-error: EBUSY", "\t", "lenght: 4KiB, ");
        return Combinators.combine(sample, edits, inserts.list().ofSize(6)).as((s, es, ins) -> {
            StringBuilder b = new StringBuilder(s);
            for (int i = 0; i < es.size(); i++) {
                int[] e = es.get(i);
                int pos = b.length() == 0 ? 0 : e[1] % (b.length() + 1);
                switch (e[0]) {
                    case 0 -> b.delete(pos, Math.min(b.length(), pos + 1 + e[2] % 5));
                    case 1 -> b.insert(pos, ins.get(i));
                    case 2 -> {
                        if (pos < b.length()) {
                            String chars = " :-{}[],'\"x01\n\t#&*!";
                            b.setCharAt(pos, chars.charAt(e[2] % chars.length()));
                        }
                    }
                    case 3 -> swapLines(b, e[1], e[2]);
                    default -> b.setLength(Math.min(b.length(), pos));
                }
            }
            return b.toString();
        });
    }

    private static void swapLines(StringBuilder b, int i, int j) {
        List<String> lines = new ArrayList<>(List.of(b.toString().split("\n", -1)));
        if (lines.size() < 2) {
            return;
        }
        int a = i % lines.size();
        int c = j % lines.size();
        String t = lines.get(a);
        lines.set(a, lines.get(c));
        lines.set(c, t);
        b.setLength(0);
        b.append(String.join("\n", lines));
    }
}
