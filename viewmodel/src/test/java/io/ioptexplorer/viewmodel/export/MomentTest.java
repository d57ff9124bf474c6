package io.ioptexplorer.viewmodel.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MomentTest {
    @Test
    void writesAndReadsBack(@TempDir Path dir) throws Exception {
        Moment m = new Moment("sample:tour-dirty-tracking-basics.yaml", 7, 12, 11);
        Path f = dir.resolve("m" + Moment.EXTENSION);
        m.write(f);
        assertThat(Files.readString(f)).contains("selection: step 12");
        assertThat(Moment.read(f)).isEqualTo(m);
        assertThat(Moment.parse("x", new Moment("a.yaml", 1, 0, -1).format()).selection()).isEqualTo(-1);
    }

    @Test
    void problemsSayWhereAndWhy() {
        assertThatThrownBy(() -> Moment.parse("m.iopt-moment", "iopt-moment: 1\nfile: a.yaml\nsede: 3\nstep: 1\n"))
                .hasMessage("m.iopt-moment:3: unknown key 'sede' (a moment has iopt-moment, file, seed, step, "
                        + "selection)");
        assertThatThrownBy(() -> Moment.parse("m", "iopt-moment: 1\nfile: a.yaml\nseed: x\nstep: 1\n"))
                .hasMessage("m:3: seed must be a whole number, found 'x'");
        assertThatThrownBy(() -> Moment.parse("m", "name: a\n")).hasMessageContaining("unknown key 'name'");
        assertThatThrownBy(() -> Moment.parse("m", "iopt-moment: 1\nfile: a\nseed: 1\n"))
                .hasMessage("m: not a moment file: the key 'step' is missing");
        assertThatThrownBy(() -> Moment.parse("m", "iopt-moment: 1\nfile: a\nseed: 1\nstep: 2\nselection: 3\n"))
                .hasMessageContaining("selection must be 'none' or 'step N'");
    }
}
