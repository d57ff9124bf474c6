package io.ioptexplorer.viewmodel.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import org.junit.jupiter.api.Test;

class MainWindowViewModelTest {

    @Test
    void startsLightWhenNothingIsRemembered() {
        MainWindowViewModel vm = new MainWindowViewModel(new InMemorySettingsStore());
        assertThat(vm.getTheme()).isEqualTo(Theme.LIGHT);
        assertThat(vm.titleProperty().get()).isEqualTo("IOPT Explorer");
    }

    @Test
    void toggleSwitchesThemeAndIsRememberedByTheNextWindow() {
        InMemorySettingsStore store = new InMemorySettingsStore();
        MainWindowViewModel first = new MainWindowViewModel(store);
        first.toggleTheme();
        assertThat(first.getTheme()).isEqualTo(Theme.DARK);
        assertThat(first.statusMessageProperty().get()).isEqualTo("Dark theme");
        assertThat(store.get(MainWindowViewModel.THEME_KEY)).contains("DARK");

        MainWindowViewModel second = new MainWindowViewModel(store);
        assertThat(second.getTheme()).isEqualTo(Theme.DARK);
        second.toggleTheme();
        assertThat(new MainWindowViewModel(store).getTheme()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void aCorruptStoredThemeFallsBackToLight() {
        InMemorySettingsStore store = new InMemorySettingsStore();
        store.put(MainWindowViewModel.THEME_KEY, "purple");
        assertThat(new MainWindowViewModel(store).getTheme()).isEqualTo(Theme.LIGHT);
    }
}
