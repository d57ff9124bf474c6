package io.ioptexplorer.viewmodel.stage;

import io.ioptexplorer.hardware.tour.TourCues;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;

/**
 * What presentation mode needs from the open scenario: a position in its tour and the commands to move it. The
 * explorer's scenario implements it ({@link ScenarioTour}); presentation mode never reaches the simulator.
 */
public interface Tour {
    /** Steps done: 0 before the first step, {@link #length()} at the end. */
    ReadOnlyIntegerProperty positionProperty();

    int length();

    /** Whether the machine stands inside the next step (stepped into or paused while playing it). */
    default ReadOnlyBooleanProperty insideStepProperty() {
        return new ReadOnlyBooleanWrapper(false).getReadOnlyProperty();
    }

    /** Fires when the tour's steps change (a file opened, a step finished), so captions can be read again. */
    javafx.beans.Observable content();

    /** The caption of step {@code index} (0-based), "" when it has none or the index is past the end. */
    String captionAt(int index);

    /** The tour's phases, in order. */
    List<TourCues.Cue> cues();

    void next();

    void previous();

    /** Moves to just before step {@code stepsDone} (0: the start; {@link #length()}: the end). */
    void goTo(int stepsDone);
}
