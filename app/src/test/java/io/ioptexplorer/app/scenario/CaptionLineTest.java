package io.ioptexplorer.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.scenario.StepRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window's caption line for a file whose steps tell a story in part: plain JUnit, no toolkit. */
class CaptionLineTest {
    private static StepRow step(int i, String op, String narrate) {
        return new StepRow(i, op, "f.yaml:" + (i + 1), narrate, StepRow.Status.PENDING, null);
    }

    private static final List<StepRow> PARTLY = List.of(step(0, "ioas-alloc", "Make an address space."),
        step(1, "attach", ""), step(2, "dma", "The NIC writes."), step(3, "get-dirty-bitmap", ""));

    @Test
    void aCaptionedStepReadsItsCaptionNowOrNext() {
        assertThat(ScenarioView.captionLine(PARTLY, 0, false, "Make an address space."))
            .isEqualTo("Next: Make an address space.");
        assertThat(ScenarioView.captionLine(PARTLY, 2, true, "The NIC writes.")).isEqualTo("Now: The NIC writes.");
    }

    @Test
    void aStepWithoutACaptionIsNamedRatherThanLeftBlank() {
        assertThat(ScenarioView.captionLine(PARTLY, 1, false, "")).isEqualTo("Next: step 2, attach");
        assertThat(ScenarioView.captionLine(PARTLY, 3, true, "")).isEqualTo("Now: step 4, get-dirty-bitmap");
    }

    @Test
    void atTheEndTheLastCaptionOrTheCountOfSteps() {
        assertThat(ScenarioView.captionLine(PARTLY, 4, false, "")).isEqualTo("Done: all 4 steps");
        List<StepRow> endsTold = List.of(step(0, "attach", ""), step(1, "dma", "The NIC writes."));
        assertThat(ScenarioView.captionLine(endsTold, 2, false, "")).isEqualTo("Done: The NIC writes.");
    }

    @Test
    void aFileWithoutAStoryHasNoLine() {
        List<StepRow> none = List.of(step(0, "attach", ""), step(1, "dma", ""));
        assertThat(ScenarioView.captionLine(none, 0, false, "")).isEmpty();
        assertThat(ScenarioView.captionLine(none, 2, false, "")).isEmpty();
        assertThat(ScenarioView.captionLine(List.of(), 0, false, "")).isEmpty();
    }
}
