package io.ioptexplorer.app.stage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The banner's caption is set smaller when it would take more than three lines of the screen, measured. */
@ExtendWith(ApplicationExtension.class)
class CaptionFitTest {
    /** The stale-IOTLB sample's fourth caption, 170 characters. */
    private static final String STEP_4 = "The NIC writes the same 4 pages again. All 4 writes hit the stale IOTLB "
            + "entries, which are already marked dirty, so the IOMMU has no reason to set D in the page table.";

    private static boolean tooLong(String text, double width, double scale) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> CaptionFit.tooLong(text, width, scale)).get();
    }

    @Test
    void aCaptionThatFitsThreeLinesAtOneScaleIsLongAtAnother() throws Exception {
        assertThat(tooLong(STEP_4, 1600, 1.0)).as("1600 px at 1x: two lines").isFalse();
        assertThat(tooLong(STEP_4, 1280, 2.0)).as("1280 px at 2x: five lines").isTrue();
        assertThat(tooLong(STEP_4, 1280, 1.0)).isFalse();
        assertThat(tooLong("End of the tour.", 1280, 2.5)).isFalse();
        assertThat(tooLong("", 1280, 2.5)).isFalse();
        assertThat(tooLong(STEP_4, 0, 2.0)).as("not laid out yet").isFalse();
    }
}
