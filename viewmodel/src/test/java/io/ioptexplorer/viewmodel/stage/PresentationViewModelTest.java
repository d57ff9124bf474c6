package io.ioptexplorer.viewmodel.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.tour.TourCues;
import io.ioptexplorer.hardware.tour.TourPhase;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class PresentationViewModelTest {
    /** A tour of five captioned steps that moves at once (no simulation behind it). */
    static final class FakeTour implements Tour {
        final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(0);
        final ReadOnlyBooleanWrapper inside = new ReadOnlyBooleanWrapper(false);
        final ObservableList<String> captions = FXCollections.observableArrayList("one", "two", "three", "", "five");

        @Override
        public ReadOnlyIntegerProperty positionProperty() {
            return position.getReadOnlyProperty();
        }

        @Override
        public ReadOnlyBooleanProperty insideStepProperty() {
            return inside.getReadOnlyProperty();
        }

        @Override
        public int length() {
            return captions.size();
        }

        @Override
        public Observable content() {
            return captions;
        }

        @Override
        public String captionAt(int index) {
            return index < captions.size() ? captions.get(index) : "";
        }

        @Override
        public List<TourCues.Cue> cues() {
            return List.of(new TourCues.Cue("Setup", TourPhase.SETUP, 0), new TourCues.Cue("Migration",
                    TourPhase.MIGRATION, 3));
        }

        @Override
        public void next() {
            goTo(position.get() + 1);
        }

        @Override
        public void previous() {
            goTo(position.get() - 1);
        }

        @Override
        public void goTo(int stepsDone) {
            position.set(Math.max(0, Math.min(length(), stepsDone)));
        }
    }

    private final FakeTour tour = new FakeTour();
    private final InMemorySettingsStore settings = new InMemorySettingsStore();
    private final PresentationViewModel vm = new PresentationViewModel(tour, settings);

    @Test
    void bannerIsTheCaptionAboutToRunAndTheCornerTheOneAfter() {
        assertThat(vm.banner().get()).isEqualTo("one");
        assertThat(vm.progress().get()).isEqualTo("Next: step 1 / 5");
        assertThat(vm.nextCaption().get()).isEqualTo("Then (2): two");
        vm.next();
        vm.next();
        assertThat(vm.banner().get()).isEqualTo("three");
        assertThat(vm.progress().get()).as("the count names the step whose caption is on the banner")
                .isEqualTo("Next: step 3 / 5");
        assertThat(vm.nextCaption().get()).isEqualTo("Then (4): step 4");
        vm.next();
        vm.next();
        assertThat(vm.progress().get()).as("the last step is next: not \"4 / 5\"").isEqualTo("Next: step 5 / 5");
        assertThat(vm.nextCaption().get()).isEqualTo("Then: the end");
        vm.end();
        assertThat(vm.banner().get()).isEqualTo("End of the tour.");
        assertThat(vm.progress().get()).isEqualTo("Done: all 5 steps");
        assertThat(PresentationViewModel.progressText(1, 1, false)).as("not \"all 1 steps\"")
                .isEqualTo("Done: the one step");
        vm.home();
        assertThat(tour.position.get()).isZero();
    }

    @Test
    void insideTheNextStepTheCountSaysNowAsTheWindowDoes() {
        tour.next();
        tour.inside.set(true); // stepped into step 2 (F7)
        assertThat(vm.progress().get()).isEqualTo("Now: step 2 / 5");
        assertThat(vm.banner().get()).as("the caption of the step under way").isEqualTo("two");
        tour.inside.set(false);
        assertThat(vm.progress().get()).isEqualTo("Next: step 2 / 5");
    }

    @Test
    void blankingSwallowsSteppingUntilTheSameKeyUnblanks() {
        vm.toggleBlank();
        assertThat(vm.blankedProperty().get()).isTrue();
        vm.next();
        vm.end();
        assertThat(tour.position.get()).isZero();
        vm.toggleBlank();
        vm.next();
        assertThat(tour.position.get()).isEqualTo(1);
    }

    @Test
    void gThenANumberJumpsAndAnImpossibleNumberSaysWhy() {
        vm.beginGoto();
        vm.typeDigit(4);
        assertThat(vm.gotoDigitsProperty().get()).isEqualTo("4");
        vm.commitGoto();
        assertThat(tour.position.get()).as("G 4: step 4 is next, three done").isEqualTo(3);
        assertThat(vm.progress().get()).isEqualTo("Next: step 4 / 5");
        assertThat(vm.goingToProperty().get()).isFalse();
        vm.beginGoto();
        vm.typeDigit(9);
        vm.typeDigit(9);
        vm.commitGoto();
        assertThat(tour.position.get()).isEqualTo(3);
        assertThat(vm.messageProperty().get()).isEqualTo("No step 99: this tour has 5 steps");
        vm.typeDigit(1); // not after G: ignored
        assertThat(vm.gotoDigitsProperty().get()).isEmpty();
    }

    @Test
    void cuesJumpToTheirPhase() {
        vm.jumpTo(tour.cues().get(1));
        assertThat(tour.position.get()).isEqualTo(3);
        assertThat(vm.messageProperty().get()).isEqualTo("Cue: Migration");
    }

    @Test
    void scaleIsClampedAppliesOnlyWhilePresentingAndIsRemembered() {
        vm.setScale(7);
        assertThat(vm.scaleProperty().get()).isEqualTo(2.5);
        assertThat(vm.effectiveScale().get()).isEqualTo(1.0);
        vm.togglePresenting();
        assertThat(vm.effectiveScale().get()).isEqualTo(2.5);
        vm.zoomOut();
        vm.themeProperty().set(StageTheme.HIGH_CONTRAST_DARK);
        vm.showNextCaptionProperty().set(false);

        PresentationViewModel again = new PresentationViewModel(new FakeTour(), settings);
        assertThat(again.scaleProperty().get()).isEqualTo(2.25);
        assertThat(again.themeProperty().get()).isEqualTo(StageTheme.HIGH_CONTRAST_DARK);
        assertThat(again.showNextCaptionProperty().get()).isFalse();
        assertThat(again.isPresenting()).isFalse();
    }

    @Test
    void leavingPresentationUnblanks() {
        vm.togglePresenting();
        vm.toggleBlank();
        vm.togglePresenting();
        assertThat(vm.blankedProperty().get()).isFalse();
    }

    @Test
    void aStoredScaleThatIsNotANumberFallsBack() {
        settings.put(PresentationViewModel.SCALE_KEY, "huge");
        assertThat(new PresentationViewModel(tour, settings).scaleProperty().get()).isEqualTo(1.5);
    }
}
