package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

/** A hidden tab's view model is not fed, and catches up with the newest value when the tab shows. */
class ShownTabTest {
    @Test
    void aHiddenTabIsNotFedAndCatchesUpWhenShown() {
        SimpleObjectProperty<String> source = new SimpleObjectProperty<>("first");
        SimpleObjectProperty<String> target = new SimpleObjectProperty<>();
        SimpleBooleanProperty shown = new SimpleBooleanProperty(false);
        List<String> fed = new ArrayList<>();
        ShownTab.feed(target, source, shown);
        assertThat(target.get()).as("the value at wiring time, shown or not").isEqualTo("first");
        target.addListener((o, was, now) -> fed.add(now));

        source.set("frame 1");
        source.set("frame 2");
        assertThat(fed).isEmpty();

        shown.set(true);
        assertThat(fed).containsExactly("frame 2");
        source.set("frame 3");
        assertThat(fed).containsExactly("frame 2", "frame 3");

        shown.set(false);
        source.set("frame 4");
        assertThat(target.get()).isEqualTo("frame 3");
    }

    /** The machine-side feeds hear whether either of two tabs shows, at wiring time and at each change. */
    @Test
    void aFeedIsToldWhetherEitherTabShows() {
        SimpleBooleanProperty lanes = new SimpleBooleanProperty(false);
        SimpleBooleanProperty migration = new SimpleBooleanProperty(false);
        List<Boolean> told = new ArrayList<>();
        ShownTab.tell(told::add, lanes, migration);
        lanes.set(true);
        migration.set(true); // still shown: nothing new to tell
        lanes.set(false);
        migration.set(false);
        assertThat(told).containsExactly(false, true, false);
    }
}
