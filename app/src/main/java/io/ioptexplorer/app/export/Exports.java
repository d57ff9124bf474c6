package io.ioptexplorer.app.export;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.hardware.run.BitmapValue;
import io.ioptexplorer.hardware.run.RunReport;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.viewmodel.export.BitmapCsv;
import io.ioptexplorer.viewmodel.export.LanesCsv;
import io.ioptexplorer.viewmodel.export.MigrationRoundsCsv;
import io.ioptexplorer.viewmodel.export.Moment;
import io.ioptexplorer.viewmodel.export.RoundsCsv;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import javafx.scene.Node;
import javafx.scene.Scene;

/**
 * Every export of the open scenario: the window or one view as PNG, the rounds, the dirty lanes, the dashboard's
 * rounds and a bitmap as CSV, the JSON report
 * (the same writer as {@code run --json}, read on the simulation thread) and a moment file. Each writes one file and
 * throws with a sentence saying what went wrong; the window stays as it was.
 */
public final class Exports {
    private final Scene scene;
    private final ScenarioViewModel scenario;
    private final IntSupplier selectedStep;

    /** @param selectedStep the selected step's index, or -1 */
    public Exports(Scene scene, ScenarioViewModel scenario, IntSupplier selectedStep) {
        this.scene = scene;
        this.scenario = scenario;
        this.selectedStep = selectedStep;
    }

    public void windowPng(Path file) throws IOException {
        PngExport.write(PngExport.snapshot(scene), file);
    }

    public void viewPng(Node view, Path file) throws IOException {
        PngExport.write(PngExport.snapshot(view), file);
    }

    public void roundsCsv(Path file) throws IOException {
        if (scenario.steps().stream().allMatch(s -> s.rounds().isEmpty())) {
            throw new IOException("no migration has run yet: there are no rounds to export");
        }
        Files.writeString(file, RoundsCsv.of(scenario.steps()), StandardCharsets.UTF_8);
    }

    /** The dirty lanes of the moment shown, every migration, sync and lane: each page reported or written. */
    public void lanesCsv(Path file) throws IOException {
        TrackingSnapshot t = tracking();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            LanesCsv.write(t, out);
        }
    }

    /** The migration dashboard's per-round figures of the moment shown. */
    public void migrationRoundsCsv(Path file) throws IOException {
        Files.writeString(file, MigrationRoundsCsv.of(tracking()), StandardCharsets.UTF_8);
    }

    /** The tracking part of the moment on screen (immutable; read on the FX thread). */
    private TrackingSnapshot tracking() throws IOException {
        TrackingSnapshot t = scenario.tracking().snapshotProperty().get();
        if (t.lanes().isEmpty() && t.migrations().isEmpty()) {
            throw new IOException("no migration has synced yet at this moment: there are no lanes or rounds to export");
        }
        return t;
    }

    /** The bitmap of the selected step (a dirty read or a device report), read from the run on its thread. */
    public void bitmapCsv(Path file) throws IOException {
        int i = selectedStep.getAsInt();
        Optional<BitmapValue> bitmap;
        try {
            bitmap = i < 0 ? Optional.empty() : scenario.onSimulation(run -> run.results().stream()
                    .filter(r -> r.index() == i).findFirst()
                    .map(r -> r.result().get("bitmap")).filter(BitmapValue.class::isInstance)
                    .map(BitmapValue.class::cast)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the run could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (bitmap.isEmpty()) {
            throw new IOException("the selected step has no bitmap: select a finished dirty read or report");
        }
        Files.writeString(file, BitmapCsv.of(bitmap.get()), StandardCharsets.UTF_8);
    }

    /** The JSON report of the run so far; completes when the file is written. */
    public CompletableFuture<Void> jsonReport(Path file) {
        return scenario.onSimulation(RunReport::json).thenAccept(json -> {
            try {
                Files.writeString(file, json, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The moment: where the topology comes from, the seed, the steps done and the selection. */
    public Moment moment() {
        String source = scenario.sourceProperty().get();
        String file = SampleCatalog.names().contains(source) ? "sample:" + source
                : Path.of(source).toAbsolutePath().toString();
        return new Moment(file, scenario.seed(), scenario.nextStepProperty().get(), selectedStep.getAsInt());
    }

    public void moment(Path file) throws IOException {
        moment().write(file);
    }

    public static boolean isMoment(String path) {
        return path.endsWith(Moment.EXTENSION);
    }
}
