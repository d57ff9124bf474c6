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
 * The inspector's arrangement: a {@link LayoutBoundary} in a scroll pane held by {@link LayoutBoundary#sizedByParent}.
 * A content that comes to want another height lays out the scroll pane (its extent follows), never the window around
 * it.
 */
@ExtendWith(ApplicationExtension.class)
class LayoutBoundarySizedByParentTest {
    private final AtomicInteger rootLayouts = new AtomicInteger();
    private Label line;
    private LayoutBoundary boundary;
    private ScrollPane scroll;

    @Start
    void start(Stage stage) {
        line = new Label("event 1");
        line.setWrapText(true);
        VBox content = new VBox(4, new Label("dma-access · DMA write"), line);
        boundary = new LayoutBoundary(content);
        scroll = new ScrollPane(boundary);
        scroll.setFitToWidth(true);
        BorderPane root = new BorderPane() {
            @Override
            protected void layoutChildren() {
                rootLayouts.incrementAndGet();
                super.layoutChildren();
            }
        };
        LayoutBoundary pane = LayoutBoundary.sizedByParent(scroll);
        pane.setPrefWidth(220);
        root.setRight(pane);
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
    void aTallerOrShorterContentLaysOutTheScrollPaneAndNotTheWindow(FxRobot robot) throws Exception {
        pulses();
        double height = boundary.getHeight();
        double scrollHeight = scroll.getHeight();
        int before = rootLayouts.get();
        robot.interact(() -> line.setText("a text long enough to wrap onto several lines in a pane two hundred "
                + "pixels wide, as an event's readable line does, and then some more words to make it taller still"));
        pulses();
        assertThat(boundary.getHeight()).as("the content got the height it wants").isGreaterThan(height + 10);
        assertThat(scroll.getHeight()).as("the scroll pane keeps its size").isEqualTo(scrollHeight);
        robot.interact(() -> line.setText("event 2"));
        pulses();
        assertThat(boundary.getHeight()).isEqualTo(height);
        assertThat(rootLayouts.get()).as("the window was never laid out").isEqualTo(before);
    }
}
