package io.ioptexplorer.app.main;

import java.util.List;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.Ikon;

/**
 * One command of the window: the same action behind its toolbar button, its menu entry, its keys and its line in
 * Help, so they cannot drift apart.
 *
 * @param id       node id of its toolbar button ({@code step-into-button})
 * @param label    short text on the button and in the menu
 * @param help     what it does, for the tooltip and Help
 * @param keys     its shortcuts; the first is shown in the menu
 * @param disabled when the command cannot run now (null: always available)
 */
public record ExplorerCommand(String id, String label, Ikon icon, String help, List<KeyCombination> keys,
                              Runnable action, ObservableBooleanValue disabled) {
    public ExplorerCommand {
        keys = List.copyOf(keys);
    }

    public String keyText() {
        return String.join(" or ", keys.stream().map(KeyCombination::getDisplayText).toList());
    }

    public boolean isDisabled() {
        return disabled != null && disabled.get();
    }

    public void runIfEnabled() {
        if (!isDisabled()) {
            action.run();
        }
    }
}
