package io.ioptexplorer.viewmodel.settings;

import java.util.Optional;

/**
 * Where user choices (theme, last topology, window size) are remembered between runs. The app stores them in
 * {@code java.util.prefs}; tests use {@link InMemorySettingsStore}.
 */
public interface SettingsStore {
    Optional<String> get(String key);

    void put(String key, String value);
}
