package io.ioptexplorer.viewmodel.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingPaceTest {
    private static final long MS = 1_000_000L;

    @Test
    void whilePlayingAtMostFiveASecondAndAPausedMomentAlways() {
        ReadingPace pace = new ReadingPace();
        assertThat(pace.admit(false, 0)).as("the first frame of a play").isTrue();
        assertThat(pace.admit(false, 16 * MS)).isFalse();
        assertThat(pace.admit(false, 199 * MS)).isFalse();
        assertThat(pace.admit(false, 200 * MS)).isTrue();
        assertThat(pace.admit(false, 216 * MS)).isFalse();
        assertThat(pace.admit(true, 217 * MS)).as("the machine stopped: show where").isTrue();
        assertThat(pace.admit(true, 218 * MS)).isTrue();
        assertThat(pace.admit(false, 230 * MS)).as("200 ms after the last shown").isFalse();
        assertThat(pace.admit(false, 418 * MS)).isTrue();
    }

    @Test
    void sixtyFramesOfPlayShowAboutFiveTimes() {
        ReadingPace pace = new ReadingPace();
        int shown = 0;
        for (int frame = 0; frame < 60; frame++) {
            shown += pace.admit(false, frame * 16_666_667L) ? 1 : 0;
        }
        assertThat(shown).isBetween(5, 6);
    }

    @Test
    void aPictureAtTenASecondTakesAboutTenOfSixtyFrames() {
        ReadingPace pace = new ReadingPace(100 * MS);
        int shown = 0;
        for (int frame = 0; frame < 60; frame++) {
            shown += pace.admit(false, frame * 16_666_667L) ? 1 : 0;
        }
        assertThat(shown).isBetween(9, 10);
        assertThat(pace.admit(true, 60 * 16_666_667L)).as("stopped: always").isTrue();
    }
}
