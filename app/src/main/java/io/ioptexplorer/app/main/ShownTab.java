package io.ioptexplorer.app.main;

import java.util.function.Consumer;
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

    /**
     * Tells {@code sink} whether any of {@code tabs} (their selected properties) shows, now and whenever that changes:
     * for a feed on the machine thread that skips, while the machine plays, what no tab on screen draws. Listens to
     * each tab itself: an or-binding held by nobody but its listener could be collected, and the feed told no more.
     */
    static void tell(Consumer<Boolean> sink, ObservableBooleanValue... tabs) {
        boolean[] told = {anyShown(tabs)};
        sink.accept(told[0]);
        for (ObservableBooleanValue t : tabs) {
            t.addListener((o, was, isShown) -> {
                boolean now = anyShown(tabs);
                if (now != told[0]) {
                    told[0] = now;
                    sink.accept(now);
                }
            });
        }
    }

    private static boolean anyShown(ObservableBooleanValue[] tabs) {
        for (ObservableBooleanValue t : tabs) {
            if (t.get()) {
                return true;
            }
        }
        return false;
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
