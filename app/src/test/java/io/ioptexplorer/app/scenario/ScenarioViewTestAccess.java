package io.ioptexplorer.app.scenario;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;

/** Reads the text a person would see in a part of the scenario view. */
public final class ScenarioViewTestAccess {
    private ScenarioViewTestAccess() {
    }

    public static String detailText(Node node) {
        StringBuilder b = new StringBuilder();
        collect(node, b);
        return b.toString();
    }

    private static void collect(Node n, StringBuilder b) {
        if (n instanceof Label l) {
            b.append(l.getText()).append('\n');
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, b);
            }
        }
    }
}
