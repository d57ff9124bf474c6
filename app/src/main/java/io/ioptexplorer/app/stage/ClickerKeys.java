package io.ioptexplorer.app.stage;

import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;

/**
 * A presenter's keys ({@link StageKey}), read before the scene sees them (a window filter). While a step number is
 * typed after G, digits, Enter, Backspace and Esc edit it. While the screen is blank the stepping keys are
 * swallowed; → ← PageDown PageUp otherwise step as everywhere in the window.
 */
public final class ClickerKeys {
    private ClickerKeys() {
    }

    public static void install(Window window, PresentationMode mode) {
        PresentationViewModel vm = mode.viewModel();
        window.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            // The window may have been given another scene (tests reuse one stage): only this scene's mode answers.
            if (window.getScene() != mode.root().getScene() || e.getTarget() instanceof TextInputControl
                    || e.isAltDown()) {
                return;
            }
            if (handle(vm, mode, e)) {
                e.consume();
            }
        });
    }

    /** Applies one key; true when it was a presentation key (and must go no further). */
    static boolean handle(PresentationViewModel vm, PresentationMode mode, KeyEvent e) {
        KeyCode k = e.getCode();
        if (vm.goingToProperty().get()) {
            if (k.isDigitKey()) {
                vm.typeDigit(digit(k));
            } else if (k == KeyCode.ENTER) {
                vm.commitGoto();
            } else if (k == KeyCode.BACK_SPACE) {
                vm.eraseDigit();
            } else if (k == KeyCode.ESCAPE || k == KeyCode.G) {
                vm.cancelGoto();
            }
            return true; // nothing else happens while a step number is being typed
        }
        StageKey key = StageKey.of(e);
        if (key == null) {
            // The window steps on these; while blank they are swallowed so nothing moves unseen.
            boolean stepping = k == KeyCode.RIGHT || k == KeyCode.LEFT || k == KeyCode.PAGE_DOWN
                    || k == KeyCode.PAGE_UP;
            return stepping && vm.blankedProperty().get();
        }
        switch (key) {
            case PRESENT -> vm.togglePresenting();
            case LEAVE, BLANK -> {
                if (!vm.isPresenting()) {
                    return false; // Esc, B and . are ordinary keys when not presenting
                }
                if (key == StageKey.LEAVE) {
                    vm.togglePresenting();
                } else {
                    vm.toggleBlank();
                }
            }
            case HOME -> vm.home();
            case END -> vm.end();
            case GO_TO -> vm.beginGoto();
            case CUES -> mode.showCues();
            case LARGER -> vm.zoomIn();
            case SMALLER -> vm.zoomOut();
            default -> {
                return false;
            }
        }
        return true;
    }

    private static int digit(KeyCode k) {
        String name = k.getName(); // "1" or "Numpad 1"
        return Character.digit(name.charAt(name.length() - 1), 10);
    }
}
