package io.ioptexplorer.viewmodel.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PinnedMomentTest {
    @Test
    void afterASplitTheLeavesSplitsAndIotlbDifferencesAreListed() throws Exception {
        ScenarioViewModel scenario = new ScenarioViewModel(new LiveSession(Runnable::run), new Focus());
        scenario.loadText("tour.yaml", Files.readString(Path.of("..", "sample-topologies",
                "tour-dirty-tracking-basics.yaml")));
        PinnedMoment pin = new PinnedMoment(scenario);
        scenario.goTo(12).get(60, TimeUnit.SECONDS); // just before the split
        pin.pin();
        assertThat(pin.pinnedProperty().get()).isEqualTo(12);
        scenario.goTo(13).get(60, TimeUnit.SECONDS); // the split has run
        List<ReportDiff.Change> changes = pin.compareWithNow().get(30, TimeUnit.SECONDS);
        assertThat(changes).contains(new ReportDiff.Change("domains[3].splits", "0", "1"));
        // HWPT id 3 (ids as the kernel hands them out); the 2 MiB leaf is gone, 512 leaves of 4 KiB came in its place
        assertThat(changes).anySatisfy(c -> assertThat(c.path()).isEqualTo("domains[3].leaves.2097152"));
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("domains[3].leaves.4096");
            assertThat(Long.parseLong(c.after()) - Long.parseLong(c.before())).isEqualTo(512);
        });
        assertThat(changes).noneMatch(c -> c.path().startsWith("steps"));
        assertThat(changes).anySatisfy(c -> assertThat(c.path()).startsWith("iommus[vtd0].invalidations."));

        pin.pin();
        assertThat(pin.compareWithNow().get(30, TimeUnit.SECONDS)).isEmpty();
    }
}
