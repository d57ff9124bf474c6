package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

/**
 * A tree row that creates its children only when expanded: the folded rows one level down, read from the machine
 * on the simulation thread. A table page with 512 entries gives a handful of rows until a run is expanded.
 */
final class FoldedTreeItem extends TreeItem<PtRow> {
    private final PageTableViewModel vm;
    private CompletableFuture<Void> loading;

    FoldedTreeItem(PtRow row, PageTableViewModel vm) {
        super(row);
        this.vm = vm;
        expandedProperty().addListener((o, was, now) -> {
            if (now) {
                load();
            }
        });
    }

    /** A root whose children are already known (the top table's rows of a snapshot). */
    FoldedTreeItem(PtRow row, PageTableViewModel vm, List<PtRow> children) {
        this(row, vm);
        loading = CompletableFuture.completedFuture(null);
        super.getChildren().setAll(items(children));
    }

    @Override
    public boolean isLeaf() {
        return getValue() == null || !getValue().expandable();
    }

    @Override
    public ObservableList<TreeItem<PtRow>> getChildren() {
        if (isExpanded()) {
            load();
        }
        return super.getChildren();
    }

    /** Loads the children once; completes when they are in place (on the UI thread). */
    CompletableFuture<Void> load() {
        if (loading == null) {
            loading = isLeaf() ? CompletableFuture.completedFuture(null)
                : vm.expand(getValue()).thenAccept(rows -> super.getChildren().setAll(items(rows)));
        }
        return loading;
    }

    /** Whether the children are in place (loaded, or known from the start). */
    boolean loaded() {
        return loading != null && loading.isDone();
    }

    private List<TreeItem<PtRow>> items(List<PtRow> rows) {
        List<TreeItem<PtRow>> out = new ArrayList<>(rows.size());
        for (PtRow r : rows) {
            out.add(new FoldedTreeItem(r, vm));
        }
        return out;
    }
}
