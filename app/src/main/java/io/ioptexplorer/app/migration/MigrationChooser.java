package io.ioptexplorer.app.migration;

import java.util.List;
import java.util.function.IntConsumer;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * "Migration [chooser]": which of the run's migrations a view shows. Refilled from each snapshot without taking the
 * refill for the user's choice; only a real pick reaches {@code onPick}. The lanes and the dashboard share it.
 */
public final class MigrationChooser {
    private final ComboBox<String> box = new ComboBox<>();
    private final HBox root;
    /** True while the chooser is refilled from a snapshot: its events then are not the user's choice. */
    private boolean updating;

    public MigrationChooser(String id, IntConsumer onPick) {
        box.setId(id);
        box.setMinWidth(220);
        box.setOnAction(e -> {
            int i = box.getSelectionModel().getSelectedIndex();
            if (!updating && i >= 0) {
                onPick.accept(i);
            }
        });
        Label label = new Label("Migration");
        label.setMinWidth(Region.USE_PREF_SIZE);
        root = new HBox(10, label, box);
        root.setAlignment(Pos.CENTER_LEFT);
    }

    public HBox root() {
        return root;
    }

    /** Shows {@code labels} with {@code selected} chosen (-1: none); not a pick. */
    public void show(List<String> labels, int selected) {
        var items = FXCollections.observableArrayList(labels);
        updating = true;
        try {
            if (!items.equals(box.getItems())) {
                box.setItems(items);
            }
            box.getSelectionModel().select(selected);
        } finally {
            updating = false;
        }
    }
}
