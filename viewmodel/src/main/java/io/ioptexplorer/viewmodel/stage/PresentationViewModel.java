package io.ioptexplorer.viewmodel.stage;

import io.ioptexplorer.hardware.tour.TourCues;
import io.ioptexplorer.viewmodel.scenario.StepRow;
import io.ioptexplorer.viewmodel.settings.SettingsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Presentation mode: on or off, its scale and theme (remembered), the blank screen, the presenter's clicker commands
 * (next, previous, start, end, "G then a number", cues) and the captions it shows: the one about to run as a
 * banner, the one after it small for the speaker. The tour itself is reached only through {@link Tour}.
 */
public final class PresentationViewModel {
    public static final double MIN_SCALE = 1.0;
    public static final double MAX_SCALE = 2.5;
    public static final double SCALE_STEP = 0.25;
    static final String SCALE_KEY = "presentation.scale";
    static final String THEME_KEY = "presentation.theme";
    static final String NEXT_CAPTION_KEY = "presentation.next-caption";

    private final Tour tour;
    private final BooleanProperty presenting = new SimpleBooleanProperty(false);
    private final DoubleProperty scale = new SimpleDoubleProperty(1.5);
    private final ObjectProperty<StageTheme> theme = new SimpleObjectProperty<>(StageTheme.HIGH_CONTRAST_LIGHT);
    private final BooleanProperty showNextCaption = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper blanked = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper goingTo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper gotoDigits = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final StringBinding banner;
    private final StringBinding nextCaption;
    private final StringBinding progress;
    private final DoubleBinding effectiveScale;

    public PresentationViewModel(Tour tour, SettingsStore settings) {
        this.tour = tour;
        settings.get(SCALE_KEY).ifPresent(v -> scale.set(clampScale(parseOr(v, 1.5))));
        settings.get(THEME_KEY).ifPresent(v -> theme.set(StageTheme.parse(v)));
        settings.get(NEXT_CAPTION_KEY).ifPresent(v -> showNextCaption.set(Boolean.parseBoolean(v)));
        scale.addListener((o, a, b) -> settings.put(SCALE_KEY, String.format(Locale.ROOT, "%.2f", b.doubleValue())));
        theme.addListener((o, a, b) -> settings.put(THEME_KEY, b.name()));
        showNextCaption.addListener((o, a, b) -> settings.put(NEXT_CAPTION_KEY, Boolean.toString(b)));
        presenting.addListener((o, a, on) -> {
            if (!on) {
                blanked.set(false);
                cancelGoto();
            }
        });

        banner = Bindings.createStringBinding(() -> bannerAt(tour.positionProperty().get()), tour.positionProperty(),
            tour.content());
        nextCaption = Bindings.createStringBinding(() -> {
            int after = tour.positionProperty().get() + 1;
            if (after >= tour.length()) {
                return after == tour.length() ? "Then: the end" : "";
            }
            String c = tour.captionAt(after);
            return "Then (" + (after + 1) + "): " + (c.isEmpty() ? "step " + (after + 1) : c);
        }, tour.positionProperty(), tour.content());
        progress = Bindings.createStringBinding(() -> progressText(tour.positionProperty().get(), tour.length(),
                tour.insideStepProperty().get()), tour.positionProperty(), tour.content(), tour.insideStepProperty());
        effectiveScale = Bindings.createDoubleBinding(() -> presenting.get() ? scale.get() : 1.0, presenting, scale);
    }

    /** The banner's caption when {@code at} steps are done. */
    private String bannerAt(int at) {
        if (tour.length() == 0) {
            return "";
        }
        if (at >= tour.length()) {
            return "End of the tour.";
        }
        String c = tour.captionAt(at);
        return c.isEmpty() ? "Next: step " + (at + 1) : c;
    }

    /**
     * Every caption the banner will show through the tour, from before its first step to its end: the stage keeps
     * the banner as tall as the tallest of them, so the views under it stay put from step to step.
     */
    public List<String> banners() {
        List<String> all = new ArrayList<>();
        for (int at = 0; at <= tour.length(); at++) {
            all.add(bannerAt(at));
        }
        return all;
    }

    /**
     * What the banner's caption is, as the speaker counts: the caption shown is the step that → runs next (as the
     * window's "Next:" line), so "Next: step 9 / 9" while 8 are done, never "Step 8 / 9" under step 9's caption.
     * Inside that step (F7, or paused while it plays) it is "Now:", as the window's line says.
     */
    static String progressText(int done, int length, boolean inside) {
        if (length == 0) {
            return "No steps";
        }
        return done >= length ? StepRow.allDone(length)
                : (inside ? "Now: step " : "Next: step ") + (done + 1) + " / " + length;
    }

    private static double parseOr(String v, double fallback) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static double clampScale(double s) {
        if (Double.isNaN(s)) {
            return MIN_SCALE;
        }
        return Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));
    }

    // ---- mode, scale, theme

    public void togglePresenting() {
        presenting.set(!presenting.get());
        message.set(presenting.get() ? "Presentation mode (F11 to leave)" : "Presentation mode off");
    }

    public void zoomIn() {
        scale.set(clampScale(scale.get() + SCALE_STEP));
    }

    public void zoomOut() {
        scale.set(clampScale(scale.get() - SCALE_STEP));
    }

    public void setScale(double s) {
        scale.set(clampScale(s));
    }

    // ---- clicker

    /** Next step; ignored while the screen is blank, so a stray click never advances unseen. */
    public void next() {
        if (!blanked.get()) {
            tour.next();
        }
    }

    public void previous() {
        if (!blanked.get()) {
            tour.previous();
        }
    }

    public void home() {
        if (!blanked.get()) {
            tour.goTo(0);
        }
    }

    public void end() {
        if (!blanked.get()) {
            tour.goTo(tour.length());
        }
    }

    /** B or '.': blank the screen; the same key brings it back. */
    public void toggleBlank() {
        blanked.set(!blanked.get());
    }

    public void jumpTo(TourCues.Cue cue) {
        tour.goTo(cue.step());
        message.set("Cue: " + cue.name());
    }

    /** G: start typing a step number. */
    public void beginGoto() {
        goingTo.set(true);
        gotoDigits.set("");
    }

    /** A digit while typing a step number; ignored otherwise. At most 4 digits. */
    public void typeDigit(int d) {
        if (goingTo.get() && d >= 0 && d <= 9 && gotoDigits.get().length() < 4) {
            gotoDigits.set(gotoDigits.get() + d);
        }
    }

    public void eraseDigit() {
        String s = gotoDigits.get();
        if (goingTo.get() && !s.isEmpty()) {
            gotoDigits.set(s.substring(0, s.length() - 1));
        }
    }

    /**
     * Enter after G and a number N: step N (1-based, as the banner and the cue list count) is next on the banner,
     * the steps before it done; 0 or 1 go back to the start. A number past the end says so and goes nowhere.
     */
    public void commitGoto() {
        if (!goingTo.get()) {
            return;
        }
        String digits = gotoDigits.get();
        cancelGoto();
        if (digits.isEmpty()) {
            return;
        }
        int n = Integer.parseInt(digits);
        if (n > tour.length()) {
            message.set("No step " + n + ": this tour has " + tour.length() + " steps");
            return;
        }
        tour.goTo(Math.max(0, n - 1));
        message.set(n == 0 ? "Back to the start" : "Step " + n + " is next");
    }

    public void cancelGoto() {
        goingTo.set(false);
        gotoDigits.set("");
    }

    // ---- properties

    public BooleanProperty presentingProperty() {
        return presenting;
    }

    public boolean isPresenting() {
        return presenting.get();
    }

    /** The chosen presentation scale, 1x to 2.5x (remembered). */
    public DoubleProperty scaleProperty() {
        return scale;
    }

    /** The scale everything is drawn at now: the chosen scale while presenting, else 1. */
    public DoubleBinding effectiveScale() {
        return effectiveScale;
    }

    public ObjectProperty<StageTheme> themeProperty() {
        return theme;
    }

    public BooleanProperty showNextCaptionProperty() {
        return showNextCaption;
    }

    public ReadOnlyBooleanProperty blankedProperty() {
        return blanked.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty goingToProperty() {
        return goingTo.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty gotoDigitsProperty() {
        return gotoDigits.getReadOnlyProperty();
    }

    /** A one-line note for the status bar after a command ("Go to step 5", "No step 40: ..."). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public StringBinding banner() {
        return banner;
    }

    public StringBinding nextCaption() {
        return nextCaption;
    }

    public StringBinding progress() {
        return progress;
    }

    public Tour tour() {
        return tour;
    }
}
