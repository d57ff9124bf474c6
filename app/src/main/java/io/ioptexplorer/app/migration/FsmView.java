package io.ioptexplorer.app.migration;

import io.ioptexplorer.viewmodel.migration.FsmViewModel;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** A device's VFIO migration state machine: the device chooser, the diagram, and its last transition replayed. */
public final class FsmView {
    private static final Duration ARC_STEP = Duration.millis(450);
    private final Duration arcStep;
    private final FsmViewModel vm;
    private final FsmCanvas canvas = new FsmCanvas();
    private final ComboBox<String> devices = new ComboBox<>();
    private final Label transition = new Label();
    private final VBox root;
    private Timeline animation;
    private int shown;
    private java.util.List<io.ioptexplorer.hardware.inspect.migration.FsmGraph.Arc> animatedPath = java.util.List.of();

    public FsmView(FsmViewModel vm) {
        this(vm, ARC_STEP);
    }

    /** With {@code arcStep} between lit arcs (tests slow it down to watch each arc). */
    FsmView(FsmViewModel vm, Duration arcStep) {
        this.vm = vm;
        this.arcStep = arcStep;
        devices.setId("fsm-device");
        devices.valueProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(vm.deviceProperty().get())) {
                vm.deviceProperty().set(b);
            }
        });
        Button replay = new Button("Replay last transition");
        replay.setOnAction(e -> animate());
        transition.setId("fsm-transition");
        transition.setWrapText(true);
        HBox bar = new HBox(8, new Label("Device"), devices, replay);
        bar.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(6, bar, canvas, transition);
        root.setPadding(new Insets(8));
        root.setId("fsm-view");
        canvas.setOnMouseClicked(e -> {
            var s = canvas.stateAt(e.getX(), e.getY());
            if (s != null) {
                vm.pickState(s);
            }
        });
        vm.snapshotProperty().addListener((o, a, b) -> {
            if (a == null || !a.arcs().equals(b.arcs()) || !a.devices().equals(b.devices())) {
                refresh(true); // not on the per-frame snapshots of a round under way, which only move the lanes
            }
        });
        vm.deviceProperty().addListener((o, a, b) -> refresh(false));
        refresh(false);
    }

    public Region root() {
        return root;
    }

    /** How many arcs of the last transition are lit so far. */
    int shownArcs() {
        return shown;
    }

    FsmCanvas canvas() {
        return canvas;
    }

    private void refresh(boolean animateNew) {
        var ids = FXCollections.observableArrayList(vm.deviceIds());
        if (!ids.equals(devices.getItems())) {
            devices.setItems(ids);
        }
        devices.setValue(vm.deviceProperty().get());
        var path = vm.lastPath();
        transition.setText(path.isEmpty() ? "No arc yet: " + vm.deviceProperty().get() + " is " + vm.current()
                : "Last SET (asked for " + vm.lastRequested() + "): " + path.get(0).from() + path.stream().map(a -> " → " + a.to())
                .reduce("", String::concat));
        if (animateNew && !path.equals(animatedPath)) {
            animate();
        } else if (!path.equals(animatedPath)) {
            stopAnimation();
            animatedPath = path;
            shown = path.size();
            draw();
        } else {
            draw();
        }
    }

    private void stopAnimation() {
        if (animation != null) {
            animation.stop();
            animation = null;
        }
    }

    /** Lights the last transition's arcs one after the other. */
    private void animate() {
        stopAnimation();
        animatedPath = vm.lastPath();
        int n = animatedPath.size();
        shown = 0;
        draw();
        animation = new Timeline(new KeyFrame(arcStep, e -> {
            shown++;
            draw();
        }));
        animation.setCycleCount(n);
        if (n > 0) {
            animation.play();
        }
    }

    private void draw() {
        canvas.show(vm.graph(), vm.current(), vm.lastPath(), shown);
    }
}
