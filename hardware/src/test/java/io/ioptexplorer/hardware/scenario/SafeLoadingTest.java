package io.ioptexplorer.hardware.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or malformed input is refused with a located message, quickly, and never constructs anything. */
class SafeLoadingTest {

    static List<String> problems(String yaml) {
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load("t.yaml", yaml));
        assertThat(e).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void javaTypeTagIsRejected() {
        assertThat(problems("name: x\nfoo: !!java.net.URL [\"http://example.invalid/\"]\n")).containsExactly(
                "t.yaml:2:6: explicit YAML tags are not allowed ('!!java.net.URL'); remove the tag and write the"
                        + " value plainly");
    }

    @Test
    void everyKindOfTagIsRejected() {
        assertThat(problems("name: !!str x\n")).containsExactly(
                "t.yaml:1:7: explicit YAML tags are not allowed ('!!str'); remove the tag and write the value"
                        + " plainly");
        assertThat(problems("name: x\nvm: !!javax.script.ScriptEngineManager {memory: 1GiB}\n")).hasSize(1)
                .first().asString().startsWith("t.yaml:2:5: explicit YAML tags are not allowed");
        assertThat(problems("name: x\niommus: !local [a]\n")).hasSize(1)
                .first().asString().contains("('!local')");
    }

    @Test
    @Timeout(5)
    void billionLaughsIsRejectedQuickly() {
        StringBuilder bomb = new StringBuilder("name: lol\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        long start = System.nanoTime();
        List<String> p = problems(bomb.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(p).containsExactly(
                "t.yaml:3:10: YAML aliases are not allowed ('*a0'); write the value out in full");
    }

    @Test
    void mergeKeysThroughAliasesAreRejected() {
        assertThat(problems("base: &b {memory: 1GiB}\nvm:\n  <<: *b\n")).containsExactly(
                "t.yaml:3:7: YAML aliases are not allowed ('*b'); write the value out in full");
    }

    @Test
    @Timeout(5)
    void deepNestingIsRejected() {
        assertThat(problems("name: " + "[".repeat(100_000))).containsExactly(
                "t.yaml:1:38: mappings and lists are nested more than 32 deep; a topology never needs that many"
                        + " levels");
        assertThat(problems("a: " + "{b: ".repeat(40) + "1" + "}".repeat(40))).hasSize(1).first().asString()
                .contains("nested more than 32 deep");
    }

    @Test
    void oversizedTextIsRejectedBeforeParsing() {
        String big = "name: x\ndescription: " + "a".repeat(YamlReader.MAX_CHARS) + "\n";
        assertThat(problems(big)).containsExactly("t.yaml:1:1: the file has " + big.length() + " characters; topology"
                + " files are limited to 1048576 (1 MiB); split it or remove unused parts");
    }

    @Test
    void oversizedFileIsRejectedBeforeReading(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("huge.yaml");
        Files.write(f, new byte[2 * 1024 * 1024]);
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(f));
        assertThat(e.getMessage()).isEqualTo("huge.yaml:1:1: the file is 2 MiB; topology files are limited to 1 MiB;"
                + " split it or remove unused parts");
    }

    @Test
    void nonUtf8FileIsRejected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(f));
        assertThat(e.getMessage()).isEqualTo("latin1.yaml:1:1: the file is not valid UTF-8 text; save it as UTF-8");
    }

    @Test
    void missingFileIsAProblemNotACrash(@TempDir Path dir) {
        TopologyException e = catchThrowableOfType(TopologyException.class,
                () -> TopologyLoader.load(dir.resolve("nope.yaml")));
        assertThat(e.getMessage()).startsWith("nope.yaml:1:1: cannot read the file: NoSuchFileException");
    }

    @Test
    void duplicateKeysAreAllReported() {
        assertThat(problems("name: a\nname: b\nvm: {memory: 1GiB, memory: 2GiB}\n")).containsExactly(
                "t.yaml:2:1: duplicate key 'name'; it was already given at line 1, column 1; keep one of them",
                "t.yaml:3:20: duplicate key 'memory'; it was already given at line 3, column 6; keep one of them");
    }

    @Test
    void malformedYamlGivesItsPosition() {
        List<String> p = problems("name: [unclosed\niommus: x\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).startsWith("t.yaml:2:7: not valid YAML: while parsing a flow sequence");
        assertThat(p.get(0)).doesNotContain("\n").doesNotContain("at com.").doesNotContain("Exception");
    }

    @Test
    void tabIndentationGivesItsPosition() {
        List<String> p = problems("name: x\nvm:\n\tmemory: 1GiB\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).startsWith("t.yaml:3:1: not valid YAML:");
    }

    @Test
    void onlyOneDocument() {
        assertThat(problems("---\nname: a\n---\nname: b\n")).containsExactly(
                "t.yaml:4:1: a topology file holds one YAML document; remove the '---' and everything after it, or"
                        + " move it to its own file");
    }

    @Test
    void emptyAndNonMappingFiles() {
        assertThat(problems("")).containsExactly("t.yaml:1:1: the file is empty; a topology needs at least 'name',"
                + " 'iommus', 'vm' and 'devices'");
        assertThat(problems("# only a comment\n")).hasSize(1).first().asString().contains("the file is empty");
        assertThat(problems("- a\n- b\n")).containsExactly("t.yaml:1:1: a topology file must be a mapping with keys"
                + " name, iommus, vm, devices, ...; found a list");
    }

    @Test
    void aValidFileLoadsWithoutProblems() {
        assertThatCode(() -> TopologyLoader.load("ok.yaml", """
                name: ok
                iommus: []
                vm: {memory: 1GiB}
                devices: [{id: e0, kind: emulated}]
                """)).doesNotThrowAnyException();
    }
}
