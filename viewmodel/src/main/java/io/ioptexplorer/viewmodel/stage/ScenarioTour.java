package io.ioptexplorer.viewmodel.stage;

import io.ioptexplorer.hardware.tour.TourCues;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.scenario.StepRow;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/** The open scenario as a tour: its steps' captions, its position, and its phases as cues. */
public final class ScenarioTour implements Tour {
    private final ScenarioViewModel scenario;
    private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper();

    public ScenarioTour(ScenarioViewModel scenario) {
        this.scenario = scenario;
        position.bind(scenario.nextStepProperty());
    }

    @Override
    public ReadOnlyIntegerProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyBooleanProperty insideStepProperty() {
        return scenario.insideStepProperty();
    }

    @Override
    public int length() {
        return scenario.steps().size();
    }

    @Override
    public javafx.beans.Observable content() {
        return scenario.steps();
    }

    @Override
    public String captionAt(int index) {
        List<StepRow> steps = scenario.steps();
        return index >= 0 && index < steps.size() ? steps.get(index).narrate() : "";
    }

    @Override
    public List<TourCues.Cue> cues() {
        return scenario.topology() == null ? List.of() : TourCues.of(scenario.topology());
    }

    @Override
    public void next() {
        scenario.stepForward();
    }

    @Override
    public void previous() {
        scenario.stepBack();
    }

    @Override
    public void goTo(int stepsDone) {
        scenario.goTo(stepsDone);
    }
}
