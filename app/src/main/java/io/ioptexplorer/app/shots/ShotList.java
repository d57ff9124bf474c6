package io.ioptexplorer.app.shots;

import io.ioptexplorer.app.main.ExplorerLayout;
import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import io.ioptexplorer.viewmodel.stage.StageTheme;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The README's pictures: for each, the sample, the moment, the tab and the selection that show it. Every setup runs
 * on the FX thread; {@code then} runs once the simulation has reached the moment, and the picture is taken when
 * {@code ready} holds.
 */
final class ShotList {
    private ShotList() {
    }

    /** One picture: its file name, what it shows, how to bring the window there, and when it is drawn. */
    record Shot(String file, String shows, Consumer<MainWindow.Parts> setup, Consumer<MainWindow.Parts> then,
                Predicate<MainWindow.Parts> ready) {
        Shot(String file, String shows, Consumer<MainWindow.Parts> setup) {
            this(file, shows, setup, p -> { }, p -> true);
        }
    }

    static List<Shot> all() {
        return List.of(
                new Shot("explorer-default-tour.png", "the default tour after its first dirty read, with the why",
                        p -> at(p, "tour-dirty-tracking-basics.yaml", 9)),
                new Shot("huge-leaf-amplification.png", "one 8-byte write reported as a whole 2 MiB leaf",
                        p -> at(p, "tour-dirty-tracking-basics.yaml", 12)),
                new Shot("page-table-walk.png", "the page-table tree with the first DMA write's walk, root to leaf",
                        // The tables read standing before the dma, then the dma stepped over: its Changed marks
                        // (+A +D) are then the step's, as a user stepping sees them (a jump straight to step 8 marks
                        // what changed since the tables were last read standing).
                        p -> {
                            at(p, "tour-dirty-tracking-basics.yaml", 7);
                            centre(p, "page-tables-tab");
                        }, p -> p.view().pageTablesViewModel().refresh().thenRun(() ->
                                javafx.application.Platform.runLater(() -> p.view().scenario().goTo(8))),
                        p -> p.view().scenario().nextStepProperty().get() == 8 && tablesRead(p)),
                new Shot("entry-inspector.png", "the inspector on a 4 KiB leaf the NIC wrote after the split",
                        p -> {
                            at(p, "tour-dirty-tracking-basics.yaml", 14);
                            centre(p, "page-tables-tab");
                        }, p -> p.view().pageTables().goToEntry(-1, 0x280000),
                        p -> p.view().pageTablesViewModel().detailProperty().get() != null),
                new Shot("iotlb-stale-entry.png", "the IOTLB after a dirty read without invalidation: stale entries",
                        p -> {
                            at(p, "stale-iotlb-hazard.yaml", 3);
                            centre(p, "page-tables-tab");
                            p.view().pageTables().showIotlb(true);
                        }, p -> { }, ShotList::tablesRead),
                new Shot("lanes-false-negatives.png", "dirty lanes: the NIC's writes the stale IOTLB kept unreported",
                        p -> {
                            at(p, "stale-iotlb-hazard.yaml", Integer.MAX_VALUE);
                            centre(p, "lanes-tab");
                        }),
                new Shot("lanes-false-positives.png", "dirty lanes: 2 MiB leaves report pages never written",
                        p -> {
                            at(p, "smmuv3-gpu-eager-vs-lazy.yaml", 10);
                            centre(p, "lanes-tab");
                        }),
                new Shot("migration-dashboard.png", "the migration dashboard: rounds, downtime, verification, FSMs",
                        p -> {
                            at(p, "stale-iotlb-hazard.yaml", Integer.MAX_VALUE);
                            centre(p, "migration-tab");
                        }),
                new Shot("stale-iotlb-lost-pages.png", "the stale-IOTLB hazard: the verifier names lost pages",
                        p -> at(p, "stale-iotlb-hazard.yaml", Integer.MAX_VALUE)),
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

    /** One tab of the centre with the side panes out of the way (for now: nothing is remembered). */
    private static void centre(MainWindow.Parts p, String tabId) {
        ExplorerLayout layout = p.view().layout();
        layout.tabs().getTabs().stream().filter(t -> tabId.equals(t.getId())).findFirst()
                .ifPresent(t -> layout.tabs().getSelectionModel().select(t));
        for (ExplorerLayout.Pane pane : ExplorerLayout.Pane.values()) {
            layout.setShownForNow(pane, false);
        }
    }

    /** The page tables have been read at the moment the scenario is at. */
    private static boolean tablesRead(MainWindow.Parts p) {
        var s = p.view().pageTablesViewModel().snapshotProperty().get();
        return s != null && s.step() == p.view().scenario().nextStepProperty().get() - 1;
    }
}
