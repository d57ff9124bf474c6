package io.ioptexplorer.hardware.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.scenario.YNode.ScalarKind;
import io.ioptexplorer.hardware.scenario.YNode.YMap;
import io.ioptexplorer.hardware.scenario.YNode.YScalar;
import io.ioptexplorer.hardware.scenario.YNode.YSeq;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

    @Test
    void everyNodeKnowsItsLineAndColumn() throws Exception {
        YMap root = (YMap) YamlReader.read("f.yaml", """
                name: x
                list:
                  - {a: 1, b: 0x10}
                  - plain
                flag: true
                none:
                """);
        assertThat(root.location()).hasToString("f.yaml:1:1");
        assertThat(root.entry("list").keyLocation()).hasToString("f.yaml:2:1");
        YSeq list = (YSeq) root.get("list");
        assertThat(list.location()).hasToString("f.yaml:3:3");
        YMap first = (YMap) list.items().get(0);
        assertThat(first.location()).hasToString("f.yaml:3:5");
        assertThat(first.entry("b").keyLocation()).hasToString("f.yaml:3:12");
        YScalar b = (YScalar) first.get("b");
        assertThat(b.location()).hasToString("f.yaml:3:15");
        assertThat(b.text()).isEqualTo("0x10");
        assertThat(((YScalar) list.items().get(1)).kind()).isEqualTo(ScalarKind.STRING);
        assertThat(((YScalar) root.get("flag")).kind()).isEqualTo(ScalarKind.BOOL);
        assertThat(((YScalar) root.get("none")).isNull()).isTrue();
    }

    @Test
    void quotedTextStaysText() throws Exception {
        YMap root = (YMap) YamlReader.read("f.yaml", "a: \"true\"\nb: '12'\n");
        assertThat(((YScalar) root.get("a")).kind()).isEqualTo(ScalarKind.STRING);
        assertThat(((YScalar) root.get("b")).text()).isEqualTo("12");
    }

    @Test
    void emptyDocumentIsNull() throws Exception {
        assertThat(YamlReader.read("f.yaml", "")).isNull();
    }
}
