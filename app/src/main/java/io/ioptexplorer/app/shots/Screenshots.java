package io.ioptexplorer.app.shots;

import io.ioptexplorer.app.export.PngExport;
import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import io.ioptexplorer.viewmodel.stage.StageTheme;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

    /** One picture: its file name, what it shows, and how to bring the window there. */
    record Shot(String file, String shows, Consumer<MainWindow.Parts> setup) {
    }

    static List<Shot> shots() {
        return List.of(
                new Shot("explorer-default-tour.png", "the default tour after its first dirty read, with the why",
                        p -> at(p, "tour-dirty-tracking-basics.yaml", 9)),
                new Shot("huge-leaf-amplification.png", "one 8-byte write reported as a whole 2 MiB leaf",
                        p -> at(p, "tour-dirty-tracking-basics.yaml", 12)),
                new Shot("stale-iotlb-lost-pages.png", "the stale-IOTLB hazard: the verifier names lost pages",
                        p -> at(p, "stale-iotlb-hazard.yaml", Integer.MAX_VALUE)),
                new Shot("migration-rounds.png", "a migration's pre-copy rounds and verification",
                        p -> at(p, "amd-nic-iommu.yaml", Integer.MAX_VALUE)),
                new Shot("presentation-mode.png", "presentation mode at 2x, high contrast",
                        p -> {
                            at(p, "tour-dirty-tracking-basics.yaml", 12);
                            PresentationViewModel vm = p.presentation().viewModel();
                            vm.setScale(2.0);
                            vm.themeProperty().set(StageTheme.HIGH_CONTRAST_LIGHT);
                            vm.togglePresenting();
                        }));
    }

    private static void at(MainWindow.Parts p, String sample, int step) {
        p.view().openSample(sample);
        p.view().scenario().goTo(Math.min(step, p.view().scenario().steps().size()));
    }

    private Screenshots() {
    }

    /** Writes every picture into {@code dir}; returns the files written. */
    public static List<Path> render(Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Shot shot : shots()) {
            Stage[] stage = new Stage[1];
            MainWindow.Parts parts = onFx(() -> {
                stage[0] = new Stage();
                // sized before it is shown: resizing a shown headless window races its painter
                MainWindow.Parts p = MainWindow.build(stage[0], new InMemorySettingsStore(), null, WIDTH, HEIGHT);
                shot.setup().accept(p);
                return p;
            });
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
