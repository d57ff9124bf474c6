package io.ioptexplorer.app.main;

import io.ioptexplorer.viewmodel.settings.SettingsStore;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** Settings remembered in {@code java.util.prefs} (on Linux: a file under ~/.java). */
public final class PreferencesSettingsStore implements SettingsStore {
    /** Tests point this at their own node so they never touch a user's settings. */
    public static final String NODE_PROPERTY = "iopt.prefs.node";

    private final Preferences prefs;

    public PreferencesSettingsStore(Preferences prefs) {
        this.prefs = prefs;
    }

    public static PreferencesSettingsStore forUser() {
        String node = System.getProperty(NODE_PROPERTY, "io/ioptexplorer");
        return new PreferencesSettingsStore(Preferences.userRoot().node(node));
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(prefs.get(key, null));
    }

    @Override
    public void put(String key, String value) {
        prefs.put(key, value);
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // Not being able to remember a choice must never break the window; the value still holds this run.
            System.err.println("IOPT Explorer: could not save setting '" + key + "': " + e.getMessage());
        }
    }
}
