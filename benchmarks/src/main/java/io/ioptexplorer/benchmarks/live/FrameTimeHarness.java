package io.ioptexplorer.benchmarks.live;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.viewmodel.live.CpuPriority;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.stage.Stage;

/**
 * The window's frame time while a sample plays at full speed (issue 11: p99 at most 20 ms on the 64 GiB sample), with
 * the software pipeline on headless Monocle. A pulse probe (an {@code AnimationTimer}) records the time between
 * pulses; the baseline, in the same run, is the same window standing still for as long.
 *
 * <p>Wall time between pulses depends on what else the host runs. The CPU time each thread spent per frame does not
 * (much): the JavaFX thread and the renderer share what the machine thread leaves, so their sum per frame is what a
 * quiet two-core host can show at 60 frames a second (at most about 16 ms). Nor do the bytes G1's pauses copied
 * ({@code -Dframes.copies=true} prints them with the collections, and per event played; the JFR stream that reads
 * them costs frames of its own): compare two builds by those when the host is busy.
 *
 * <pre>java -Xmx1g -cp benchmarks/target/benchmarks.jar io.ioptexplorer.benchmarks.live.FrameTimeHarness
 *     [sample:scale-64gib-guest.yaml] [seconds]</pre>
 *
 * <p>Each interval's CPU time on the JavaFX thread and the renderer is the frame's own work, which the host's load does
 * not change much: {@code -Dframes.heavy=MS} lists the intervals where either worked more than MS.
 *
 * <p>With {@code -Dframes.slow=MS} it also lists every interval longer than MS while playing, with the JVM's uptime
 * at its start, to be matched against a GC or safepoint log taken with uptime decorations
 * ({@code -Xlog:gc,safepoint:file=gc.log:uptime}) or a JFR recording. It counts how often a layout request reached the
 * window's root while playing (each lays out every pane of the window); with {@code -Dframes.layouts=true} it also
 * lists the code that asked, by its first frame outside JavaFX. {@code -Dframes.tab=ID} shows that tab of the centre
 * ({@code lanes-tab}, {@code page-tables-tab}, ...) instead of the default one. {@code -Dframes.dirty=N} lists, for
 * the play's first N pulses, the nodes JavaFX will draw again ({@link DirtyNodes}), those covering at least
 * {@code -Dframes.dirtyShare} of the window (default 0.01; 0 lists every one): the pulse logger
 * ({@code -Djavafx.pulseLogger=true}) shows the regions drawn, this shows which nodes made them.
 * {@code -Dframes.steps=true} lists when the machine entered and left each step while playing (JVM uptime).
 * On Linux each interval also carries how long the JavaFX thread and the renderer waited, runnable, for a CPU
 * ({@link RunQueueWait}): the slow-frame list and the frame-work line show it; with {@code -Dframes.who=true} the
 * slow-frame list also names the threads that ran in each slow interval and for how long ({@link ThreadCpuSampler}).
 * {@code -Dframes.plays=N} measures N plays from the start and pools their frames (one play of the 64 GiB sample is
 * only 100-250 frames: its p99 is its second or third slowest frame).
 *
 * <p><b>History</b> (2026-11-29 and 30, {@code -Xmx1g}, 10 s runs; the README has the latest figures):
 * <ul>
 * <li>16:45 UTC, load 1.4–2.9, four runs: p50 16.0 ms, p99 60.0–70.1 ms; CPU per frame JavaFX 1.3–2.0 ms, renderer
 * 1.3–2.2 ms, machine 4.4–6.2 ms. The machine thread then allocated 72–73 bytes an event (165, and 624, before):
 * the timeline listener takes events as their parts, {@code DirtySet} boxes no key per page, the topology's traffic
 * counts without boxing, hidden tabs' lanes and traffic are not taken while playing. The window was laid out 0.03
 * times a frame (0.96 before: the status line, the log's count and scroll bar and the inspector each laid out the
 * whole window when their text changed; each now sits in a {@code LayoutBoundary}). Left: 8–13 young pauses in a run
 * (249–324 ms in all) while the run's long-lived structures grow by 117–156 MiB, and 30–100 ms frames in the first
 * 0.7 s of play, when JFR ({@code jdk.Compilation}) shows the JIT's threads compiling 1.1–1.4 s a second.</li>
 * <li>17:10 UTC, a second play ({@code -Dframes.warm=true}): p99 45.0 and 46.4 ms, half the CPU per frame.</li>
 * <li>19:46 UTC, the timeline's per-event columns chunked by G1 regions, so no young pause copies them: p99 53.7 and
 * 54.1 ms against 56.5 ms, young pauses 99 and 132 ms in all against 263 ms ({@code -Dframes.copies=true}: the bytes
 * evacuated fell from 217–221 to 84–91 MiB in {@code StepBackHarness}'s run to the end).</li>
 * <li>22:22 UTC, quiet (load 0.9–1.8), the inspector's height change no longer lays out the window (layouts while
 * playing 19 → 9): p99 47.1 and 52.0 ms against 65.1 and 46.6 ms for the build before; each frame's own CPU JavaFX p99
 * 14.5–19.3 ms, renderer 15.2–19.7 ms. {@code -Dframes.heavy=8}: the heavy frames are the first 2 s of play (code not
 * yet compiled) and the run's end (every view refreshed once, JavaFX 27–51 ms). Not kept, within the noise: the
 * machine thread at nice 10 (p99 51.2, 32.5 ms), a machine that waits while a frame is late (48.2, 48.5 ms).</li>
 * <li>2026-11-30 00:00 UTC: a second play (after a rewind) replayed the event log's text windows for the rows below the
 * moment at every frame, each from its step's start, on a thread of its own whose queue outlived the play by
 * seconds (async-profiler, {@code -agentpath:libasyncProfiler.so=start,event=itimer,interval=1ms,threads,jfr}). Those
 * rows are no longer replayed while playing, and a queued window the newest frame does not show is dropped: the
 * replay thread's share of a second play went from about a second of CPU to none, and the second play itself ran to
 * its end in 4 s instead of 7 (load 5–9).</li>
 * <li>2026-11-30 05:25–06:47 UTC (quiet host; profiles with async-profiler 3.0, {@code event=cpu,interval=250us,
 * threads,jfr}): C2 compiles 0.6 of a core through a whole first play, and 30–50 compilations a second still in a fourth
 * play (JavaFX's code, new hot methods each play: {@code Node.setScenes}, {@code VBox.getAreaHeights}, ...). Half of the
 * JavaFX thread's CPU while playing is headless Monocle composing the whole frame into its screen buffer. The pulse
 * logger showed the window drawn whole (1500x798, 50–100 ms) at the play's start, at steps and at its end: a taller step
 * caption moved the window (the caption's area now keeps the tallest caption's height while the machine runs) and the
 * hidden stage banner took every caption (now only while presenting). Warm plays, alternating with the build before:
 * p99 57–80 ms before, 45–92 ms after; within the noise. Tried and not kept, no gain measured: opaque backgrounds on the
 * log, the strip and the inspector (render roots), scroll panes without their viewport's image cache, a snapshot at most
 * every 33 ms while playing (p99 49.3 and 53.3 ms).</li>
 * <li>2026-11-30 09:20–09:23 UTC, quiet host, warm plays: the real window on Xvfb ({@code -Dfx.display=x11}, GTK,
 * 1600x1000, openbox) against headless Monocle, alternating: p99 46.1 and 125.3 ms on Xvfb (28 and 38 intervals over
 * 20 ms; renderer CPU per frame 5.8 ms, as headless), 42.1 and 44.0 ms headless (8 and 16 over 20 ms; the plays were
 * shorter, 104 and 134 frames against 196 and 208). Monocle's whole-frame copy is not what a real display spares:
 * GTK's upload to the X server costs the same or more. Earlier that morning, headless: 56.1 ms, 46 of 228 intervals
 * over 20 ms, most of them 20–25 ms with 10–12 ms of JavaFX and renderer CPU: waiting for a core the machine thread
 * (12 ms a frame) holds.</li>
 * <li>2026-11-30 09:24–09:38 UTC, warm plays, experiments (none kept). The JavaFX thread, the renderer and Monocle's
 * timer pinned to CPU 0 and every other thread (machine, JIT, GC) to CPU 1 from outside ({@code taskset -p} by
 * thread id, once a second): p99 32.0, 30.5 and 23.9 ms (7, 8 and 3 intervals over 20 ms), against 48.7 and 51.3 ms
 * (13, 12) unpinned in the same minutes; JavaFX and renderer CPU per frame also fell (2.8 and 3.5 ms against 4.3 and
 * 5.8). So the UI's own work fits the frame: what spoils it is sharing the cores. A Java program cannot pin its
 * threads, and the machine parking 6 or 8 ms after each frame it hands over (so the pulse runs beside an idle
 * machine) did not reproduce it: p99 32.0/46.5 and 32.3/58.5 ms, 9–12 slow intervals, against 42.8/48.0 ms, 10 and 10,
 * with the play 1.7–2x longer. The play's first frames still draw the window whole (the pulse logger: 1506x798
 * and 1520x846 at the play's start): not the caption (its area kept at the tallest caption at rest too left them),
 * nor Prism's limit of 6 dirty regions ({@code -Dprism.dirtyregioncount=15}: p99 50.5/82.7 against 55.9/67.3 ms).</li>
 * <li>2026-11-30 11:05–11:50 UTC, quiet host, warm plays. {@link DirtyNodes} ({@code -Dframes.dirty=N}) showed what
 * the play's first pulses drew: the step caption's area grew to the tallest caption (every pane under it moved) and
 * the toolbar shifted when Play became Pause. Both fixed (the area keeps that height at rest too; Play is as wide as
 * Pause). Alternating with the build before, 3 pairs: p99 50.1, 57.9, 73.2 ms against 50.5, 56.1, 68.7 ms: no
 * change. The play's first 2–3 frames still draw a region of about 1500x800 ({@code -Dprism.printrendergraph=true}
 * with the pulse logger prints the render graph with each node's dirty mark and the regions it falls in: the
 * nodes marked dirty there are small, a step row, the log's count, the canvases; the region stays with room for 15
 * regions, without any caption, without the row's icon change and without the list's scrollTo). Its cause is inside
 * Prism's dirty-region accounting and was not found. async-profiler on the renderer ({@code cstack=vm}): about half
 * its CPU is {@code PiscesRenderer.fillRect} (backgrounds painted over each other), a quarter {@code drawImage}, a
 * tenth copying the frame out.</li>
 * <li>2026-11-30 13:40–14:27 UTC, quiet host, warm plays. The region's cause found: {@link DirtyNodes} now also lists
 * the render graph after each copy, and there the hidden presentation banner's progress line (13x798 px, its text
 * new at every step) was marked dirty; Prism counts hidden nodes' dirty bounds. Hidden, the banner's lines now hold
 * no text. 3 alternating pairs: p99 32.1, 43.5, 32.2 ms against 54.8, 64.0, 48.1 ms. Then the machine thread at
 * nice 10 ({@code CpuPriority}), {@code -Dframes.plays=5}, 2 alternating pairs: p99 31.0, 26.0 ms against 35.3,
 * 29.6 ms. Still over 20 ms: C2 compiles 0.5–0.75 of a core through the measured play (async-profiler, JFR by
 * second), the machine thread takes most of the other core, and the frames at a step change carry 16–19 ms of
 * JavaFX plus renderer CPU.</li>
 * <li>2026-11-30 15:08–15:10 UTC, {@code -Dframes.plays=3 -Dframes.steps=true -Dframes.slow=20 -Dframes.heavy=8}:
 * p99 23.2 ms over 428 frames. 18 frames over 20 ms (20.1–26.8 ms): three at the start of a play (the machine
 * enters step 1 and, 20–180 ms later, step 2: JavaFX 8–10 ms plus renderer 8–13 ms of CPU in one frame), the other
 * fifteen with 5–11 ms of CPU in all (they waited). p99 at most 20 ms would allow four.</li>
 * <li>2026-11-30 16:36–17:05 UTC, load about 1, {@code -Dframes.warm=true -Dframes.plays=3 -Dframes.slow=20}, with the
 * new run-queue wait ({@code /proc/.../schedstat}): the slow frames waited for a CPU, not on a lock nor for the
 * collector: JavaFX thread 3–16 ms and renderer up to 26 ms runnable but not running in one frame (p99 7–12 ms each),
 * against at most 0.7 ms standing still; the hypervisor stole 0.1% of the CPU over a run ({@code /proc/stat}). What
 * holds the cores then ({@code ps -L}, {@code top -H}): the machine thread (nice 10) about half a core, C2 35–50% of
 * one. Tried from outside, none kept, every figure within the run-to-run spread of p99 23.6–29.9 ms: the machine at
 * {@code SCHED_IDLE} ({@code chrt -i}; p99 21.4–26.5 ms), the JIT's threads at {@code SCHED_IDLE} (20.9 and 29.5 ms
 * against 24.2 and 24.5 ms in alternation), the machine pinned to CPU 1 ({@code taskset -p}; 30.4 and 26.0 ms against
 * 24.7 and 27.1 ms). p99 over 20 ms comes from 11–30 intervals of 400–600 over 20 ms, most 20–26 ms.</li>
 * <li>2026-11-30 19:29–20:16 UTC, {@code -Dframes.warm=true -Dframes.plays=3 -Dframes.slow=20}, three alternating
 * pairs each, none kept. {@code -XX:+PrintCompilation}: C2's compilations come in bursts in the first 2–3 s of each
 * play (50–90 a second, JavaFX's methods crossing the threshold, few deoptimisations), where the slow frames are. Yet
 * the compiler threads reniced to 19 from outside (only two exist all run; new ones would inherit it): p99 31.1, 30.5,
 * 28.0 ms against 26.6, 31.9, 33.1 ms. The JavaFX thread, the renderer and Monocle's timer pinned to CPU 0 and every
 * other thread to CPU 1 (which gave 24–32 against 48–51 ms in the 09:24 look, when more was wrong): 31.8 and 26.9 ms
 * against 24.4 and 25.0 ms. The slow frames of four runs: a quarter to a third had over 14 ms of JavaFX plus renderer
 * CPU of their own, about half waited over 4 ms for a CPU, the rest neither. Profiled by time window (async-profiler
 * {@code jfr}, {@code jfr print --stack-depth 64}, samples of the play's seconds only): on the JavaFX thread 40% is
 * headless Monocle's copy of the frame ({@code HeadlessScreen.uploadPixels}) and a quarter the pulse's
 * {@code Parent.updateBounds}; on the renderer a quarter is region backgrounds ({@code renderBackgroundRectanglesDirectly})
 * and a fifth {@code UploadingPainter}'s copy of the frame. An opaque backdrop under the log's and the strip's canvases
 * made those panes the render roots (the pulse logger's render root path went from the root to ten levels down) but
 * the renderer's CPU per frame moved only within the noise (4.8–5.2 against 4.9–5.5 ms) and p99 did not (25.7, 30.1,
 * 24.3 against 28.7, 25.2, 25.8 ms). With {@code -Xlog:gc,safepoint:uptime}: 10 of 24 slow frames held a pause,
 * six of them G1's Remark (7-9 ms, of which class unloading about 6 ms) and four young pauses (2-10 ms). Not kept, two
 * runs each against {@code -Xmx1g} alone (p99 31.9 and 27.2 ms, 28 and 16 slow frames): without class unloading at
 * Remark ({@code -XX:-ClassUnloadingWithConcurrentMark}; 24.7 and 29.8 ms, 34 and 26, and four times as many concurrent
 * cycles) and the app launcher's {@code -Xmx8g} (35.1 and 32.1 ms, 66 and 57).</li>
 * <li>2026-11-30 21:40–22:40 UTC, {@code -Dframes.warm=true -Dframes.plays=3 -Dframes.slow=20}, the new
 * {@code -Dframes.who=true}: in nearly every slow frame C2 ran 10–23 ms and the machine most of the other core while
 * the JavaFX thread and the renderer waited for one; G1's concurrent and young-pause threads in a third of them.
 * Collectors alone (build before): Shenandoah 21.1, 21.6, 28.4, 21.4 ms against G1 24.1, 26.8, 24.3, 29.3 ms
 * alternating; ZGC 26.0 ms once. {@code SCHED_IDLE} set from outside ({@code chrt -i}) on the machine and the
 * compilers: G1 20.3, 26.5, 24.5, 21.4 ms (with {@code -XX:MaxGCPauseMillis=5} 18.7–21.5 ms in five), Shenandoah
 * 18.1–19.5 ms in six runs; the machine alone 25.8 and 24.9 ms, the compilers alone 26.4 and 20.3 ms. Built in
 * ({@code CpuPriority}: both at {@code SCHED_IDLE} below four cores) with {@code -XX:+UseShenandoahGC}: 19.7, 18.7,
 * 19.6 ms (3, 0, 1 frames over 20 ms), against the build before with G1 25.8, 24.3, 30.5 ms and with Shenandoah
 * 21.8 ms, and this build with G1 25.7 and 22.4 ms. {@code -XX:-ShenandoahPacing} (the 1 TiB sample in the window
 * 62.6 s against 95.2 s with pacing, 56.0 s with G1): 20.1, 20.8, 19.8 ms, not kept. Two more runs of that build:
 * 20.8 and 19.3 ms; a first play after opening ({@code frames.warm} off, one play) 23.1 ms. The code cache's sweeper
 * (3-11 ms in some slow frames) behind the window too: 18.8, 18.5, 18.8 ms (3, 0, 1 frames over 20 ms).</li>
 * </ul>
 */
public final class FrameTimeHarness {
    private FrameTimeHarness() {
    }

    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : "sample:scale-64gib-guest.yaml";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        HeadlessFx.start();
        int compilers = CpuPriority.backgroundCompilers(); // as the app's entry point does (IoptExplorerApp)
        AtomicReference<MainWindowView> view = new AtomicReference<>();
        onFx(() -> view.set(MainWindow.open(new Stage(), new InMemorySettingsStore(), file)));
        String tab = System.getProperty("frames.tab"); // e.g. lanes-tab: the tab shown while it plays
        if (tab != null) {
            onFx(() -> {
                var tabs = view.get().layout().tabs();
                tabs.getTabs().stream().filter(t -> tab.equals(t.getId())).findFirst()
                        .ifPresentOrElse(t -> tabs.getSelectionModel().select(t), () -> {
                            throw new IllegalArgumentException("no tab " + tab);
                        });
            });
        }
        Thread.sleep(3000); // the file opens, the first frames settle
        boolean warm = Boolean.getBoolean("frames.warm");
        if (warm) {
            // The code of a play compiled first: play to the end at full speed and back to the start, then measure
            // another play. In a first play the JIT's threads took over half of the two cores (C2 alone 0.6 of a
            // core for the whole play, async-profiler 2026-11-30 05:30 UTC); a run to the end (F5) compiled less of
            // it. C2 still compiles a little in a fourth play: JavaFX's code is large.
            for (int play = 0; play < Integer.getInteger("frames.warmPlays", 1); play++) {
                onFx(() -> {
                    view.get().commands().speedSlider().setValue(view.get().commands().speedSlider().getMax());
                    view.get().commands().command("play-button").runIfEnabled();
                });
                Thread.sleep(500);
                while (HeadlessFx.onFx(() -> view.get().scenario().busyProperty().get())) {
                    Thread.sleep(200);
                }
                HeadlessFx.onFx(() -> view.get().scenario().reset()).get(10, java.util.concurrent.TimeUnit.MINUTES);
                Thread.sleep(3000);
            }
        }
        Probe idle = measure(seconds, null);
        long before = view.get().scenario().focus().moment().seq();
        AtomicReference<DirtyNodes> dirty = new AtomicReference<>();
        int dirtyPulses = Integer.getInteger("frames.dirty", 0);
        if (dirtyPulses > 0) {
            onFx(() -> dirty.set(new DirtyNodes(view.get().root().getScene(),
                    Double.parseDouble(System.getProperty("frames.dirtyShare", "0.01")), dirtyPulses)));
        }
        onFx(() -> {
            view.get().commands().speedSlider().setValue(view.get().commands().speedSlider().getMax()); // full speed
            view.get().commands().command("play-button").runIfEnabled();
        });
        // -Dframes.steps=true: when each step began and ended while playing (JVM uptime), to match the slow frames.
        List<String> stepTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
        if (Boolean.getBoolean("frames.steps")) {
            onFx(() -> {
                view.get().scenario().nextStepProperty().addListener((o, a, b) -> stepTimes.add(String.format(
                        "next step %d at uptime %.3f s", b.intValue(), ManagementFactory.getRuntimeMXBean().getUptime()
                        / 1e3)));
                view.get().scenario().insideStepProperty().addListener((o, a, b) -> stepTimes.add(String.format(
                        "%s a step at uptime %.3f s", b ? "inside" : "out of", ManagementFactory.getRuntimeMXBean()
                        .getUptime() / 1e3)));
            });
        }
        WindowLayouts layouts = new WindowLayouts(Boolean.getBoolean("frames.layouts"));
        onFx(() -> layouts.watch(view.get().root()));
        // Frames count until the first pulse after the run ends (its last, heavy frame included), not the standing
        // still after it, which would thin out the slow ones.
        Probe playing = measure(seconds, () -> view.get().scenario().busyProperty().get());
        // -Dframes.plays=N: N plays from the start, their frames pooled. One play of the 64 GiB sample is 100-250
        // frames, so its p99 is its second or third slowest frame and moved by 20 ms from run to run.
        int plays = Integer.getInteger("frames.plays", 1);
        long eventsBefore = 0;
        for (int play = 1; play < plays; play++) {
            eventsBefore += view.get().scenario().focus().moment().seq() - before;
            HeadlessFx.onFx(() -> view.get().scenario().reset()).get(10, java.util.concurrent.TimeUnit.MINUTES);
            Thread.sleep(3000);
            before = view.get().scenario().focus().moment().seq();
            onFx(() -> view.get().commands().command("play-button").runIfEnabled());
            playing = playing.plus(measure(seconds, () -> view.get().scenario().busyProperty().get()));
        }
        onFx(layouts::stop);
        playing.printSlow(Double.parseDouble(System.getProperty("frames.slow", "-1")));
        playing.printHeavy(Double.parseDouble(System.getProperty("frames.heavy", "-1")));
        stepTimes.forEach(System.out::println);
        long after = view.get().scenario().focus().moment().seq() + eventsBefore;
        boolean stillPlaying = view.get().scenario().busyProperty().get();
        System.out.printf("%s, %d s each, software pipeline, %s%s%s%n", file, seconds,
                HeadlessFx.onDisplay() ? "a window on " + System.getenv("DISPLAY") : "headless",
                tab == null ? "" : ", tab " + tab,
                (warm ? ", after " + Integer.getInteger("frames.warmPlays", 1) + " play(s) to the end" : "")
                + (plays > 1 ? ", " + plays + " plays measured" : ""));
        System.out.printf("%d cores; JIT compiler threads put behind the window: %d%n",
                Runtime.getRuntime().availableProcessors(), compilers);
        System.out.printf("%-22s %8s %8s %8s %8s%n", "", "frames", "p50 ms", "p99 ms", "max ms");
        idle.print("standing still (base)");
        playing.print("playing, full speed");
        idle.printCpu("standing still (base)");
        playing.printCpu("playing, full speed");
        idle.printFrameWork("standing still (base)");
        playing.printFrameWork("playing, full speed");
        playing.printGc("playing, full speed", after - before);
        layouts.print(playing.intervals.length);
        if (dirty.get() != null) {
            dirty.get().print();
        }
        System.out.printf("events played meanwhile: %d (%.0f per second)%s%n", after - before,
                (after - before) / playing.seconds(), stillPlaying ? "" : "; the run ended during the measurement");
        System.out.printf("p99 while playing: %.1f ms (target: at most 20 ms): %s%n", playing.p(0.99),
                playing.p(0.99) <= 20 ? "met" : "NOT met");
        System.exit(0);
    }

    private static void onFx(Runnable r) throws Exception {
        HeadlessFx.run(r);
    }

    /** Intervals between pulses, as the JavaFX thread sees them, and each thread's CPU time meanwhile. */
    private static final class Probe {
        private double[] intervals = new double[0];
        /** The JVM's uptime in ms at the start of each interval. */
        private double[] startsMs = new double[0];
        /**
         * CPU ms the JavaFX thread and the renderer spent in each interval: the frame's own work. A slow frame with
         * little of it waited (for the CPU, a collection, the JIT); one with much of it is work to cut.
         */
        private double[] fxCpuMs = new double[0];
        private double[] rendererCpuMs = new double[0];
        /** ms the JavaFX thread and the renderer waited, runnable, for a CPU in each interval ({@link RunQueueWait}). */
        private double[] fxWaitMs = new double[0];
        private double[] rendererWaitMs = new double[0];
        /** The threads that ran in each interval, busiest first ({@link ThreadCpuSampler}); empty unless asked. */
        private String[] whoRan = new String[0];
        private final Map<String, Long> cpuNanos = new LinkedHashMap<>();
        private final Map<String, Long> allocatedBytes = new LinkedHashMap<>();
        /** Collections (and their summed pause in ms) per collector during the measurement. */
        private final Map<String, long[]> collections = new LinkedHashMap<>();
        /** Growth of the old generation's use (MiB) during the measurement: what young collections copied there. */
        private double oldGrowthMiB;
        /**
         * Bytes the collections' evacuations copied during the measurement (JFR's {@code jdk.EvacuationInformation}):
         * what a pause costs in proportion to, and unlike the pauses' length it does not depend on the host's load.
         * -1 unless {@code -Dframes.copies=true}.
         */
        private long copiedBytes = -1;

        /** This measurement and {@code o} as one: frames side by side, CPU, allocation and collections summed. */
        Probe plus(Probe o) {
            Probe sum = new Probe();
            sum.intervals = concat(intervals, o.intervals);
            sum.startsMs = concat(startsMs, o.startsMs);
            sum.fxCpuMs = concat(fxCpuMs, o.fxCpuMs);
            sum.rendererCpuMs = concat(rendererCpuMs, o.rendererCpuMs);
            sum.fxWaitMs = concat(fxWaitMs, o.fxWaitMs);
            sum.rendererWaitMs = concat(rendererWaitMs, o.rendererWaitMs);
            sum.whoRan = Arrays.copyOf(whoRan, whoRan.length + o.whoRan.length);
            System.arraycopy(o.whoRan, 0, sum.whoRan, whoRan.length, o.whoRan.length);
            sum.cpuNanos.putAll(cpuNanos);
            o.cpuNanos.forEach((k, v) -> sum.cpuNanos.merge(k, v, Long::sum));
            sum.allocatedBytes.putAll(allocatedBytes);
            o.allocatedBytes.forEach((k, v) -> sum.allocatedBytes.merge(k, v, Long::sum));
            collections.forEach((k, v) -> sum.collections.put(k, v.clone()));
            o.collections.forEach((k, v) -> sum.collections.merge(k, v,
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
            sum.oldGrowthMiB = oldGrowthMiB + o.oldGrowthMiB;
            sum.copiedBytes = copiedBytes < 0 || o.copiedBytes < 0 ? -1 : copiedBytes + o.copiedBytes;
            return sum;
        }

        private static double[] concat(double[] a, double[] b) {
            double[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }

        /** The measured time: the intervals' sum. */
        double seconds() {
            return Arrays.stream(intervals).sum() / 1e3;
        }

        double p(double q) {
            return quantile(intervals, q);
        }

        void print(String label) {
            System.out.printf("%-22s %8d %8.1f %8.1f %8.1f%n", label, intervals.length, p(0.5), p(0.99), p(1.0));
        }

        void printSlow(double thresholdMs) {
            if (thresholdMs < 0) {
                return;
            }
            for (int i = 0; i < intervals.length; i++) {
                if (intervals[i] > thresholdMs) {
                    System.out.printf("slow frame at uptime %.3f s: %.1f ms (CPU: JavaFX %.1f ms, renderer %.1f ms;"
                            + " waited for a CPU: JavaFX %.1f ms, renderer %.1f ms)%s%n", startsMs[i] / 1e3,
                            intervals[i], fxCpuMs[i], rendererCpuMs[i], fxWaitMs[i], rendererWaitMs[i],
                            whoRan[i] == null || whoRan[i].isEmpty() ? "" : "; ran: " + whoRan[i]);
                }
            }
        }

        /** Every interval in which the JavaFX thread or the renderer worked more than {@code thresholdMs} of CPU. */
        void printHeavy(double thresholdMs) {
            if (thresholdMs < 0) {
                return;
            }
            for (int i = 0; i < intervals.length; i++) {
                if (fxCpuMs[i] > thresholdMs || rendererCpuMs[i] > thresholdMs) {
                    System.out.printf("heavy frame at uptime %.3f s: %.1f ms (CPU: JavaFX %.1f ms, renderer %.1f ms)%n",
                            startsMs[i] / 1e3, intervals[i], fxCpuMs[i], rendererCpuMs[i]);
                }
            }
        }

        /** The frames' own work: p99 and most of the JavaFX thread's and the renderer's CPU in one interval. */
        void printFrameWork(String label) {
            System.out.printf("%-22s CPU ms in one frame: JavaFX p99 %.1f, max %.1f; renderer p99 %.1f, max %.1f;"
                    + " waited for a CPU in one frame: JavaFX p99 %.1f, renderer p99 %.1f%n",
                    label, quantile(fxCpuMs, 0.99), quantile(fxCpuMs, 1), quantile(rendererCpuMs, 0.99),
                    quantile(rendererCpuMs, 1), quantile(fxWaitMs, 0.99), quantile(rendererWaitMs, 0.99));
        }

        private static double quantile(double[] v, double q) {
            if (v.length == 0) {
                return Double.NaN;
            }
            double[] s = v.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)];
        }

        /** Collections, pauses and promotion, and the machine's allocation per event played ({@code events}). */
        void printGc(String label, long events) {
            StringBuilder line = new StringBuilder(String.format("%-22s GC:", label));
            collections.forEach((gc, cn) -> line.append(String.format(" %s %d (%d ms);", gc, cn[0], cn[1])));
            line.append(String.format(" old generation grew %.0f MiB", oldGrowthMiB));
            if (copiedBytes >= 0) {
                line.append(String.format("; evacuations copied %.0f MiB", copiedBytes / 1048576.0));
                if (events > 0) {
                    line.append(String.format(" (%.1f B per event)", copiedBytes / (double) events));
                }
            }
            if (events > 0) {
                line.append(String.format("; machine allocated %.0f B per event",
                        allocatedBytes.getOrDefault("machine", 0L) / (double) events));
            }
            System.out.println(line);
        }

        void printCpu(String label) {
            StringBuilder line = new StringBuilder(String.format("%-22s CPU ms per frame:", label));
            cpuNanos.forEach((thread, nanos) -> line.append(String.format(" %s %.1f;", thread,
                    nanos / 1e6 / Math.max(1, intervals.length))));
            line.append(" allocated MiB per frame:");
            allocatedBytes.forEach((thread, bytes) -> line.append(String.format(" %s %.2f;", thread,
                    bytes / 1048576.0 / Math.max(1, intervals.length))));
            System.out.println(line);
        }
    }

    /**
     * Frame intervals for {@code seconds}; with {@code playing}, only until the first pulse at which it reads false
     * (the run ended), so the standing still after a run's end does not count.
     */
    private static Probe measure(int seconds, java.util.function.BooleanSupplier playing) throws Exception {
        Probe probe = new Probe();
        long[] times = new long[seconds * 400];
        long[] fxCpu = new long[times.length];
        long[] rendererCpu = new long[times.length];
        long[] fxWait = new long[times.length];
        long[] rendererWait = new long[times.length];
        RunQueueWait[] fxQueue = {null};
        onFx(() -> fxQueue[0] = RunQueueWait.ofCurrentThread());
        RunQueueWait rendererQueue = RunQueueWait.ofThreadNamed("QuantumRenderer");
        int[] n = {0};
        ThreadCpuSampler who = Boolean.getBoolean("frames.who") ? new ThreadCpuSampler() : null;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long renderer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("QuantumRenderer")).mapToLong(Thread::getId).findFirst().orElse(-1);
        AnimationTimer timer = new AnimationTimer() {
            private boolean ended;

            @Override
            public void handle(long now) {
                if (n[0] < times.length && !ended) {
                    ended = playing != null && !playing.getAsBoolean();
                    fxCpu[n[0]] = mx.getCurrentThreadCpuTime();
                    rendererCpu[n[0]] = renderer < 0 ? 0 : mx.getThreadCpuTime(renderer);
                    fxWait[n[0]] = fxQueue[0].nanos();
                    rendererWait[n[0]] = rendererQueue.nanos();
                    if (who != null) {
                        who.sample();
                    }
                    times[n[0]++] = System.nanoTime();
                }
            }
        };
        Map<String, Long> cpuBefore = threadCpu();
        Map<String, Long> allocatedBefore = threadAllocated();
        Map<String, long[]> gcBefore = collections();
        long oldBefore = oldUsed();
        // JFR's stream flushes every second on a thread of its own: only when asked, as it perturbs the frames
        EvacuationCopies copies = Boolean.getBoolean("frames.copies") ? EvacuationCopies.start() : null;
        onFx(timer::start);
        Thread.sleep(seconds * 1000L);
        onFx(timer::stop);
        probe.copiedBytes = copies == null ? -1 : copies.stop();
        probe.oldGrowthMiB = (oldUsed() - oldBefore) / 1048576.0;
        collections().forEach((gc, cn) -> {
            long[] was = gcBefore.getOrDefault(gc, new long[2]);
            probe.collections.put(gc, new long[] {cn[0] - was[0], cn[1] - was[1]});
        });
        threadCpu().forEach((thread, nanos) -> probe.cpuNanos.put(thread,
                nanos - cpuBefore.getOrDefault(thread, 0L)));
        threadAllocated().forEach((thread, bytes) -> probe.allocatedBytes.put(thread,
                bytes - allocatedBefore.getOrDefault(thread, 0L)));
        double[] d = new double[Math.max(0, n[0] - 1)];
        double[] starts = new double[d.length];
        double[] fx = new double[d.length];
        double[] rendered = new double[d.length];
        double[] fxWaited = new double[d.length];
        double[] rendererWaited = new double[d.length];
        String[] whoRan = new String[d.length];
        // nanoTime has no fixed origin: pin it to the JVM's uptime once, as the GC log's uptime decoration counts.
        long originNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
        for (int i = 1; i < n[0]; i++) {
            d[i - 1] = (times[i] - times[i - 1]) / 1e6;
            starts[i - 1] = (times[i - 1] - originNanos) / 1e6;
            fx[i - 1] = (fxCpu[i] - fxCpu[i - 1]) / 1e6;
            rendered[i - 1] = (rendererCpu[i] - rendererCpu[i - 1]) / 1e6;
            fxWaited[i - 1] = (fxWait[i] - fxWait[i - 1]) / 1e6;
            rendererWaited[i - 1] = (rendererWait[i] - rendererWait[i - 1]) / 1e6;
            whoRan[i - 1] = who == null ? "" : who.busiest(i - 1, 8);
        }
        probe.intervals = d;
        probe.startsMs = starts;
        probe.fxCpuMs = fx;
        probe.rendererCpuMs = rendered;
        probe.fxWaitMs = fxWaited;
        probe.rendererWaitMs = rendererWaited;
        probe.whoRan = whoRan;
        return probe;
    }

    private static Map<String, long[]> collections() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            m.put(gc.getName(), new long[] {gc.getCollectionCount(), gc.getCollectionTime()});
        }
        return m;
    }

    private static long oldUsed() {
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().contains("Old Gen") || pool.getName().contains("Tenured")) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** CPU time so far of the threads a frame depends on: JavaFX's, the renderer's and the machine's. */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return perThread(t -> mx.getThreadCpuTime(t.getId()));
    }

    /** Bytes allocated so far by the same threads: what drives the collector's young pauses. */
    private static Map<String, Long> threadAllocated() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return perThread(t -> mx.getThreadAllocatedBytes(t.getId()));
    }

    private static Map<String, Long> perThread(java.util.function.ToLongFunction<Thread> measure) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            String shown = name.equals("JavaFX Application Thread") || name.equals("Event Thread") ? "fx"
                    : name.startsWith("QuantumRenderer") ? "renderer" : name.equals("machine") ? "machine" : null;
            if (shown != null) {
                values.merge(shown, measure.applyAsLong(t), Long::sum);
            }
        }
        return values;
    }

    /** How often a layout request reached the window's root (the whole window is laid out at the next pulse). */
    private static final class WindowLayouts {
        private final boolean who;
        private final Map<String, Integer> askers = new LinkedHashMap<>();
        private int count;
        private javafx.scene.Parent root;
        private final javafx.beans.value.ChangeListener<Boolean> listener = (o, was, needs) -> onRequest(needs);

        WindowLayouts(boolean who) {
            this.who = who;
        }

        private void onRequest(boolean needs) {
            if (needs) {
                count++;
                if (who) {
                    askers.merge(asker(), 1, Integer::sum);
                }
            }
        }

        void watch(javafx.scene.Parent r) {
            root = r;
            r.needsLayoutProperty().addListener(listener);
        }

        void stop() {
            root.needsLayoutProperty().removeListener(listener);
        }

        private static String asker() {
            StackTraceElement[] stack = new Throwable().getStackTrace();
            for (StackTraceElement e : stack) {
                String c = e.getClassName();
                if (c.startsWith("io.ioptexplorer.app") || c.startsWith("io.ioptexplorer.viewmodel")) {
                    return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName() + ":" + e.getLineNumber();
                }
            }
            // No code of ours asked: name what set the request off, past the request's own propagation
            StringBuilder b = new StringBuilder("(JavaFX only)");
            int shown = 0;
            for (StackTraceElement e : stack) {
                if (shown == 12) {
                    break;
                }
                String c = e.getClassName();
                if (c.startsWith("javafx.beans") || c.startsWith("com.sun.javafx.binding")
                        || c.startsWith(FrameTimeHarness.class.getName()) || PROPAGATION.contains(e.getMethodName())) {
                    continue;
                }
                b.append(" < ").append(c.substring(c.lastIndexOf('.') + 1)).append('.').append(e.getMethodName());
                shown++;
            }
            return b.toString();
        }

        /** How a layout request climbs the scene graph: not what set it off. */
        private static final java.util.Set<String> PROPAGATION = java.util.Set.of("requestLayout",
                "requestParentLayout", "markDirtyLayout", "setLayoutFlag");

        void print(int frames) {
            System.out.printf("window laid out %d times while playing (%.2f per frame)%n", count,
                    count / (double) Math.max(1, frames));
            askers.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                    .forEach(e -> System.out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
        }
    }
}
