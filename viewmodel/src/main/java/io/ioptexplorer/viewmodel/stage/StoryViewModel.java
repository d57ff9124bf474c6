package io.ioptexplorer.viewmodel.stage;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * "Show one step / show the whole story": one moment (the lanes of the current sync alone, the dashboard on the
 * current round), or every round of the migration at once (the lanes' syncs as small multiples, the dashboard's
 * chart and table over every round so far). One switch for the window, the menu and presentation mode; the tracking
 * views bind their own choice to it.
 */
public final class StoryViewModel {
    private final BooleanProperty wholeStory = new SimpleBooleanProperty(true);
    private final StringBinding label = Bindings.createStringBinding(() -> wholeStory.get()
            ? "Whole story: every round at once" : "One step: the current round", wholeStory);

    public BooleanProperty wholeStoryProperty() {
        return wholeStory;
    }

    public boolean isWholeStory() {
        return wholeStory.get();
    }

    public void toggle() {
        wholeStory.set(!wholeStory.get());
    }

    /** What is shown now, for the status line. */
    public StringBinding label() {
        return label;
    }
}
