package io.ioptexplorer.viewmodel.settings;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A settings store that forgets everything when the program exits; for tests and for `--no-remember` runs. */
public final class InMemorySettingsStore implements SettingsStore {
    private final Map<String, String> values = new HashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void put(String key, String value) {
        values.put(key, value);
    }
}
