package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PreferencesSettingsStoreTest {
    private final Preferences node = Preferences.userRoot().node("io/ioptexplorer/test/prefs-store");

    @AfterEach
    void removeNode() throws Exception {
        node.removeNode();
    }

    @Test
    void valuesSurviveANewStoreOnTheSameNode() {
        new PreferencesSettingsStore(node).put("theme", "DARK");
        assertThat(new PreferencesSettingsStore(node).get("theme")).contains("DARK");
        assertThat(new PreferencesSettingsStore(node).get("missing")).isEmpty();
    }
}
