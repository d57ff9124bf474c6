package io.ioptexplorer.hardware.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's table of event kinds is generated from {@link EventKind} and {@link EventCatalog}: this test fails
 * when the two drift apart, and writes the table it expects to {@code target/event-kinds.md} to paste in.
 */
class ReadmeEventTableTest {
    static final Path README = Path.of("..", "README.md");
    static final String START = "<!-- event-kinds:start (generated: ReadmeEventTableTest) -->";
    static final String END = "<!-- event-kinds:end -->";

    @Test
    void theReadmeListsEveryKindWithItsFields() throws Exception {
        String expected = table();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "event-kinds.md"), expected, StandardCharsets.UTF_8);
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(readme).contains(START).contains(END);
        String actual = readme.substring(readme.indexOf(START) + START.length() + 1, readme.indexOf(END));
        assertThat(actual).as("README event table (expected text is in hardware/target/event-kinds.md)")
                .isEqualTo(expected);
    }

    static String table() throws Exception {
        StringBuilder b = new StringBuilder();
        b.append("| kind | breakpoint group | record | fields after `seq`, `step`, `time-ns`, `kind`, `name` |\n");
        b.append("|---|---|---|---|\n");
        for (EventKind k : EventKind.values()) {
            SimEvent e = (SimEvent) EventKindRegistryTest.sample(k.type());
            EventInfo info = EventCatalog.describe(e, new EventScope("u", 1));
            String record = k.type().getName().replace("io.ioptexplorer.hardware.", "").replace('$', '.');
            b.append("| `").append(k.id()).append("` | ").append(k.breakpoint().id()).append(" | `")
                    .append(record).append("` | ")
                    .append(String.join(", ", info.fields().keySet().stream().map(f -> "`" + f + "`").toList()))
                    .append(" |\n");
        }
        return b.toString();
    }
}
