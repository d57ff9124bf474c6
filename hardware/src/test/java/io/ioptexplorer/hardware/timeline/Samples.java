package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sample topologies and full timelines of them, for the timeline tests. */
final class Samples {
    static final Path DIR = Path.of("..", "sample-topologies");

    private Samples() {
    }

    static Topology load(String file) throws Exception {
        return TopologyLoader.load(DIR.resolve(file));
    }

    /** Every timeline event of a whole run, with the timeline on from the start. */
    static List<TimelineEvent> fullRun(Topology t) {
        List<TimelineEvent> all = new ArrayList<>();
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), all::add, true);
        run.runAll(null);
        return all;
    }
}
