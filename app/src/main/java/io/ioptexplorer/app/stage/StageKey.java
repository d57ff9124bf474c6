package io.ioptexplorer.app.stage;

import java.util.List;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * The presenter's keys, once: {@link ClickerKeys} matches a key press against this list and Help (F1) lists it, so
 * the two cannot disagree. Stepping (→ ← PageDown PageUp) is the window's own command and is not repeated here.
 */
public enum StageKey {
    PRESENT("Presentation mode on and off (full screen, side panes hidden, caption banner)", key(KeyCode.F11)),
    LEAVE("Leave presentation mode (also closes the cue list or the step prompt)", key(KeyCode.ESCAPE)),
    BLANK("Presenting: blank the screen; the same key brings it back (steps are ignored meanwhile)",
            key(KeyCode.B), key(KeyCode.PERIOD)),
    HOME("Back to the start of the tour", key(KeyCode.HOME)),
    END("Run to the end of the tour", key(KeyCode.END)),
    GO_TO("Go to step n: G, the number, Enter (step n is next on the banner)", key(KeyCode.G)),
    CUES("The cue list: jump to a phase of the tour", key(KeyCode.C)),
    // Shift either way: on many layouts "+" is Shift+"=".
    LARGER("Presentation scale up (to 2.5x)", scaleKey(KeyCode.PLUS), scaleKey(KeyCode.EQUALS),
            scaleKey(KeyCode.ADD)),
    SMALLER("Presentation scale down (to 1x)", scaleKey(KeyCode.MINUS), scaleKey(KeyCode.SUBTRACT));

    private final String help;
    private final List<KeyCombination> keys;

    StageKey(String help, KeyCombination... keys) {
        this.help = help;
        this.keys = List.of(keys);
    }

    public String help() {
        return help;
    }

    public List<KeyCombination> keys() {
        return keys;
    }

    /** The keys as Help shows them ("B or ."). */
    public String keyText() {
        return String.join(" or ", keys.stream().map(KeyCombination::getDisplayText).toList());
    }

    /** The presenter's key this press is, if any. */
    static StageKey of(KeyEvent e) {
        for (StageKey k : values()) {
            for (KeyCombination c : k.keys) {
                if (c.match(e)) {
                    return k;
                }
            }
        }
        return null;
    }

    private static KeyCombination scaleKey(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_ANY);
    }

    private static KeyCombination key(KeyCode code) {
        return new KeyCodeCombination(code);
    }
}
