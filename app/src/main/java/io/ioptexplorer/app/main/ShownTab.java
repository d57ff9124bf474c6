package io.ioptexplorer.app.main;

import javafx.beans.property.Property;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;

/**
 * Feeds a tab's view model only while the tab shows. A hidden tab fed at every frame redrew its canvases and rebuilt
 * its lists for nobody, and cost the window its frame rate while a large sample played (issue 11); it catches up with
 * the newest value when it is shown again.
 */
final class ShownTab {
    private ShownTab() {
    }

    /** {@code target} follows {@code source} while {@code shown} (a tab's selected property) is true. */
    static <T> void feed(Property<T> target, ObservableValue<? extends T> source, ObservableBooleanValue shown) {
        target.setValue(source.getValue());
        source.addListener((o, was, now) -> {
            if (shown.get()) {
                target.setValue(now);
            }
        });
        shown.addListener((o, was, isShown) -> {
            if (isShown) {
                target.setValue(source.getValue());
            }
        });
    }
}
