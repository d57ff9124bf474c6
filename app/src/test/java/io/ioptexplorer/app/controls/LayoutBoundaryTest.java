package io.ioptexplorer.app.controls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A text that changes inside a {@link LayoutBoundary} lays out its own content, not the window around it; a change
 * that alters the height the content wants still reaches the window (a scroll pane's extent), one pulse later.
 */
@ExtendWith(ApplicationExtension.class)
class LayoutBoundaryTest {
    /** How many times the window's root was laid out: every pane of a real window is, when this is. */
    private final AtomicInteger rootLayouts = new AtomicInteger();
    private Label line;
    private VBox content;
    private LayoutBoundary boundary;

    @Start
    void start(Stage stage) {
        line = new Label("event 1, step 1, at 0.000 ms");
        content = new VBox(4, new Label("dma-access · DMA write"), line);
        line.setWrapText(true);
        boundary = new LayoutBoundary(content);
        ScrollPane scroll = new ScrollPane(boundary);
        scroll.setFitToWidth(true);
        BorderPane root = new BorderPane() {
            @Override
            protected void layoutChildren() {
                rootLayouts.incrementAndGet();
                super.layoutChildren();
            }
        };
        root.setRight(scroll);
        scroll.setPrefWidth(220);
        stage.setScene(new Scene(root, 400, 300));
        stage.show();
    }

    private static void pulses() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            Thread.sleep(40);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    @Test
    void aTextOfTheSameHeightLaysOutOnlyTheContentAndATallerOneTheWindowToo(FxRobot robot) throws Exception {
        pulses();
        double height = boundary.getHeight();
        int before = rootLayouts.get();
        for (int i = 2; i < 12; i++) {
            String t = "event " + i + ", step 1, at 0.00" + i % 10 + " ms";
            robot.interact(() -> line.setText(t));
            pulses();
        }
        assertThat(rootLayouts.get()).as("the window was not laid out for texts of one line").isEqualTo(before);
        assertThat(line.getWidth()).as("the label itself was laid out for its text").isGreaterThan(0);
        assertThat(line.getText()).startsWith("event 11");
        assertThat(boundary.getHeight()).isEqualTo(height);

        robot.interact(() -> line.setText("a text long enough to wrap onto several lines in a pane two hundred "
                + "pixels wide, as an event's readable line does"));
        pulses();
        assertThat(rootLayouts.get()).as("a taller content lays out the window").isGreaterThan(before);
        assertThat(boundary.getHeight()).as("and the pane grows with it").isGreaterThan(height + 10);
        assertThat(content.getHeight()).isEqualTo(boundary.getHeight());
        assertThat(line.getHeight()).as("the label has the lines it needs").isGreaterThan(30);
    }

    /**
     * Given less height than it wants (a scroll bar in a short pane), the content gets the pane's height, not its
     * own: drawn taller, a scroll bar's thumb at the end of its track fell below the pane's edge.
     */
    @Test
    void aPaneShorterThanItsContentGivesItItsOwnHeight(FxRobot robot) throws Exception {
        javafx.scene.control.ScrollBar bar = new javafx.scene.control.ScrollBar();
        bar.setOrientation(javafx.geometry.Orientation.VERTICAL);
        LayoutBoundary small = new LayoutBoundary(bar);
        robot.interact(() -> {
            ((BorderPane) boundary.getScene().getRoot()).setLeft(small);
            bar.setMax(85);
            bar.setVisibleAmount(4);
            bar.setValue(81);
        });
        pulses(); // the bar has its skin, and so its minimum height
        double[] given = new double[1];
        robot.interact(() -> {
            given[0] = bar.minHeight(-1) + 8;
            small.setMaxHeight(given[0]);
        });
        pulses();
        assertThat(bar.prefHeight(-1)).as("precondition: the bar wants more than it gets").isGreaterThan(given[0]);
        assertThat(small.getHeight()).isEqualTo(given[0]);
        assertThat(bar.getHeight()).isEqualTo(small.getHeight());
    }
}
