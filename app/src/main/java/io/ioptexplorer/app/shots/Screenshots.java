package io.ioptexplorer.app.shots;

import io.ioptexplorer.app.export.PngExport;
import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Renders the README's pictures from the bundled samples, on the real window, without a display: each picture opens
 * a sample, moves it to a chosen step and snapshots the scene. The toolkit must already run (see
 * {@link HeadlessToolkit}).
 */
public final class Screenshots {
    public static final int WIDTH = 1600;
    public static final int HEIGHT = 1000;
    private static final long STEP_TIMEOUT_S = 120;

    private Screenshots() {
    }

    /** Writes every picture into {@code dir}; returns the files written. */
    public static List<Path> render(Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (ShotList.Shot shot : ShotList.all()) {
            Stage[] stage = new Stage[1];
            MainWindow.Parts parts = onFx(() -> {
                stage[0] = new Stage();
                // sized before it is shown: resizing a shown headless window races its painter
                MainWindow.Parts p = MainWindow.build(stage[0], new InMemorySettingsStore(), null, WIDTH, HEIGHT);
                shot.setup().accept(p);
                return p;
            });
            waitIdle(parts);
            onFx(() -> {
                shot.then().accept(parts);
                return null;
            });
            waitUntil(() -> onFx(() -> shot.ready().test(parts)), shot.file());
            waitIdle(parts);
            Path file = dir.resolve(shot.file());
            IOException[] failed = new IOException[1];
            onFx(() -> {
                try {
                    PngExport.write(PngExport.snapshot(parts.view().root().getScene()), file);
                } catch (IOException e) {
                    failed[0] = e;
                }
                if (parts.presentation().viewModel().isPresenting()) {
                    parts.presentation().viewModel().togglePresenting(); // leave the next window its theme
                }
                stage[0].hide();
                return null;
            });
            if (failed[0] != null) {
                throw failed[0];
            }
            written.add(file);
        }
        return written;
    }

    /** Waits until the simulation has finished the last command and two pulses have laid out and drawn it. */
    private static void waitIdle(MainWindow.Parts parts) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_S);
        while (onFx(() -> parts.view().scenario().busyProperty().get())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the simulation did not finish within " + STEP_TIMEOUT_S + " s");
            }
            sleep(50);
        }
        for (int i = 0; i < 3; i++) {
            onFx(() -> {
                parts.view().root().getScene().getRoot().applyCss();
                parts.view().root().getScene().getRoot().layout();
                return null;
            });
            sleep(60);
        }
    }

    private interface Check {
        boolean holds() throws IOException;
    }

    /** Waits for what a picture needs that the simulation does not say (a read of the tables, a selection). */
    private static void waitUntil(Check ready, String file) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_S);
        while (!ready.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IOException(file + ": the window did not reach the picture's state within "
                        + STEP_TIMEOUT_S + " s");
            }
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface FxCall<T> {
        T call();
    }

    private static <T> T onFx(FxCall<T> call) throws IOException {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(call.call());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(STEP_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("rendering failed: " + e, e);
        }
    }
}
