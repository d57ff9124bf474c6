package io.ioptexplorer.app.stage;

import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;

/**
 * A presenter's keys, read before the scene sees them (a window filter): F11 (or Esc) presentation mode; B or '.' blank and
 * unblank; Home and End; G then a number and Enter; C the cue list; Ctrl + and Ctrl - the scale. While the screen
 * is blank the stepping keys are swallowed. → ← PageDown PageUp otherwise step as everywhere in the window.
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
            if (handle(vm, mode, e.getCode(), e.isShortcutDown())) {
                e.consume();
            }
        });
    }

    /** Applies one key; true when it was a presentation key (and must go no further). */
    static boolean handle(PresentationViewModel vm, PresentationMode mode, KeyCode k, boolean shortcut) {
        if (shortcut) {
            switch (k) {
                case PLUS, EQUALS, ADD -> vm.zoomIn();
                case MINUS, SUBTRACT -> vm.zoomOut();
                default -> {
                    return false;
                }
            }
            return true;
        }
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
        switch (k) {
            case F11 -> vm.togglePresenting();
            case B, PERIOD -> {
                if (!vm.isPresenting()) {
                    return false;
                }
                vm.toggleBlank();
            }
            case ESCAPE -> {
                if (!vm.isPresenting()) {
                    return false;
                }
                vm.togglePresenting();
            }
            case HOME -> vm.home();
            case END -> vm.end();
            case G -> vm.beginGoto();
            case C -> mode.showCues();
            case RIGHT, LEFT, PAGE_DOWN, PAGE_UP -> {
                return vm.blankedProperty().get(); // swallowed while blank; else the window steps
            }
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
