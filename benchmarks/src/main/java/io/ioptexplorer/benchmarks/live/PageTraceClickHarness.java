package io.ioptexplorer.benchmarks.live;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.tracking.Lane;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import io.ioptexplorer.viewmodel.tracking.PageTrace;
import io.ioptexplorer.viewmodel.tracking.TrackingFeed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one click on a lane's page costs (issue 13: "clicking a page in any lane lists the writes that dirtied it"):
 * the sample is run to its end in a live session with the tracking feed, as the window runs it, then
 * {@link PageTrace#of} is timed on the machine thread for the first page of each lane of the last migration's last
 * pre-copy round (a page a tracker reported, a page really written), as the window's click does. The baseline of the
 * same run is a bare run with its timeline off through every step (what any replay from the start costs).
 *
 * <pre>java -Xmx1g -cp benchmarks/target/benchmarks.jar io.ioptexplorer.benchmarks.live.PageTraceClickHarness
 *     [scale-64gib-guest.yaml] [repeats]</pre>
 */
public final class PageTraceClickHarness {
    private PageTraceClickHarness() {
    }

    public static void main(String[] args) throws Exception {
        String sample = args.length > 0 ? args[0] : "scale-64gib-guest.yaml";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Topology t = SampleCatalog.load(sample);
        long seed = ScenarioRun.seedFor(t, null);
        LiveSession session = new LiveSession(Runnable::run);
        TrackingFeed feed = new TrackingFeed(session);
        session.open(t, seed).get(10, TimeUnit.MINUTES);
        MachineSnapshot end = session.runToEnd().get(10, TimeUnit.MINUTES);
        TrackingSnapshot tracking = end.part(feed);
        MigrationLanes m = tracking.lanes().get(tracking.lanes().size() - 1);
        LaneRound round = m.preCopyRounds().get(m.preCopyRounds().size() - 1);
        Map<String, Long> pages = new LinkedHashMap<>();
        for (Lane lane : round.lanes()) {
            first(lane.reported()).ifPresent(f -> pages.putIfAbsent(lane.name() + " reported", f));
            first(lane.truth()).ifPresent(f -> pages.putIfAbsent(lane.name() + " written", f));
        }
        if (!m.lostIovas().isEmpty()) {
            pages.put("lost", m.lostIovas().get(0) >>> 12);
        }
        double base = baseline(t, seed);
        System.out.printf("%s: %d events, migration %d, %s; bare run to the end (timeline off): %.0f ms%n", sample,
                end.timelineSize(), m.ordinal(), round.label(), base);
        System.out.printf("%-28s %12s %10s %8s %s%n", "page", "frame", "click ms", "lines", "header");
        double worst = 0;
        for (int r = 0; r < repeats; r++) {
            for (Map.Entry<String, Long> p : pages.entrySet()) {
                long frame = p.getValue();
                long a = System.nanoTime();
                List<PageTrace.Line> lines = session.query(pm -> PageTrace.of(pm, m, frame)).get(10, TimeUnit.MINUTES);
                double took = (System.nanoTime() - a) / 1e6;
                worst = Math.max(worst, took);
                System.out.printf("%-28s %12d %10.1f %8d %s%n", p.getKey(), frame, took, lines.size(),
                        lines.get(0).text());
            }
        }
        System.out.printf("worst click: %.0f ms (target: about 100 ms): %s%n", worst, worst <= 100 ? "met" : "NOT met");
        session.close();
        System.exit(0);
    }

    private static java.util.Optional<Long> first(io.ioptexplorer.hardware.bitmap.PageBits bits) {
        long[] found = {-1};
        bits.forEachFrame(f -> {
            if (found[0] < 0) {
                found[0] = f;
            }
        });
        return found[0] < 0 ? java.util.Optional.empty() : java.util.Optional.of(found[0]);
    }

    private static double baseline(Topology t, long seed) {
        long a = System.nanoTime();
        ScenarioRun run = new ScenarioRun(t, seed, e -> { }, false);
        while (run.nextIndex() < t.steps().size()) {
            run.step();
        }
        return (System.nanoTime() - a) / 1e6;
    }
}
