package io.ioptexplorer.viewmodel.live;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The one focus every view follows (Pernosco's): the moment shown and the selection. Views move it with
 * {@link #moveTo(Moment)} and {@link #select(Selection)}; {@link #back()} and {@link #forward()} undo and redo those
 * moves. FX thread only.
 *
 * <p>The moment property changes only when the machine has arrived there (a published snapshot), so every view that
 * reads it sees the machine as it was at that moment; {@link #moveTo} asks the navigator (the live session) to go.
 */
public final class Focus {
    /** One remembered focus: where and what. */
    public record Place(Moment moment, Selection selection) {
    }

    private static final int HISTORY = 200;

    private final ReadOnlyObjectWrapper<Moment> moment = new ReadOnlyObjectWrapper<>(new Moment(0, -1));
    private final ReadOnlyObjectWrapper<Selection> selection = new ReadOnlyObjectWrapper<>(Selection.NONE);
    private final ReadOnlyBooleanWrapper canGoBack = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canGoForward = new ReadOnlyBooleanWrapper(false);
    private final Deque<Place> backStack = new ArrayDeque<>();
    private final Deque<Place> forwardStack = new ArrayDeque<>();
    private Consumer<Moment> navigator = m -> { };

    /** Who takes the machine to a moment the user asked for; the live session sets itself here. */
    public void setNavigator(Consumer<Moment> navigator) {
        this.navigator = Objects.requireNonNull(navigator);
    }

    public ReadOnlyObjectProperty<Moment> momentProperty() {
        return moment.getReadOnlyProperty();
    }

    public Moment moment() {
        return moment.get();
    }

    public ReadOnlyObjectProperty<Selection> selectionProperty() {
        return selection.getReadOnlyProperty();
    }

    public Selection selection() {
        return selection.get();
    }

    public ReadOnlyBooleanProperty canGoBackProperty() {
        return canGoBack.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canGoForwardProperty() {
        return canGoForward.getReadOnlyProperty();
    }

    /** The user chose a moment (a log line, the timeline, an event in any view): remember where we were, go. */
    public void moveTo(Moment target) {
        if (target.equals(moment.get())) {
            return;
        }
        remember();
        navigator.accept(target);
    }

    /** The user selected something: remember the previous selection, show the new one. */
    public void select(Selection s) {
        Objects.requireNonNull(s);
        if (s.equals(selection.get())) {
            return;
        }
        remember();
        selection.set(s);
    }

    /** The machine arrived at a moment (any command: step, play, rewind); not a history entry by itself. */
    public void arrived(Moment m) {
        moment.set(m);
    }

    public void back() {
        if (backStack.isEmpty()) {
            return;
        }
        forwardStack.push(here());
        restore(backStack.pop());
    }

    public void forward() {
        if (forwardStack.isEmpty()) {
            return;
        }
        backStack.push(here());
        restore(forwardStack.pop());
    }

    private void remember() {
        backStack.push(here());
        while (backStack.size() > HISTORY) {
            backStack.removeLast();
        }
        forwardStack.clear();
        updateFlags();
    }

    private void restore(Place p) {
        selection.set(p.selection());
        if (!p.moment().equals(moment.get())) {
            navigator.accept(p.moment());
        }
        updateFlags();
    }

    private Place here() {
        return new Place(moment.get(), selection.get());
    }

    private void updateFlags() {
        canGoBack.set(!backStack.isEmpty());
        canGoForward.set(!forwardStack.isEmpty());
    }

    /** A new scenario: the old places mean nothing in it. */
    public void clearHistory() {
        backStack.clear();
        forwardStack.clear();
        selection.set(Selection.NONE);
        updateFlags();
    }
}
