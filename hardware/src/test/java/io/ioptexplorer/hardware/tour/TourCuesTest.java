package io.ioptexplorer.hardware.tour;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TourCuesTest {
    private static Topology sample(String name) throws Exception {
        return TopologyLoader.load(Path.of("..", "sample-topologies", name));
    }

    @Test
    void defaultTourHasSetupTrackingSplitAndTrackingAgain() throws Exception {
        List<TourCues.Cue> cues = TourCues.of(sample("tour-dirty-tracking-basics.yaml"));
        assertThat(cues).extracting(TourCues.Cue::phase).containsExactly(TourPhase.SETUP, TourPhase.TRACKING,
                TourPhase.RESHAPE, TourPhase.TRACKING);
        assertThat(cues).extracting(TourCues.Cue::step).containsExactly(0, 6, 12, 13);
        assertThat(cues.get(3).name()).startsWith("Dirty tracking 2: ");
    }

    @Test
    void everyMigrationIsACueOfItsOwn() throws Exception {
        List<TourCues.Cue> cues = TourCues.of(sample("smmuv3-gpu-eager-vs-lazy.yaml"));
        assertThat(cues.stream().filter(c -> c.phase() == TourPhase.MIGRATION)).hasSize(3);
        assertThat(cues).extracting(TourCues.Cue::step).isSorted();
    }
}
