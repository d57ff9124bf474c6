package io.ioptexplorer.app.main;

import io.ioptexplorer.viewmodel.settings.SettingsStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files opened last, newest first, remembered in the settings (one path per line). */
final class RecentFiles {
    static final int MAX = 8;
    private static final String KEY = "recent-files";
    private final SettingsStore settings;

    RecentFiles(SettingsStore settings) {
        this.settings = settings;
    }

    List<Path> paths() {
        List<Path> out = new ArrayList<>();
        settings.get(KEY).ifPresent(v -> {
            for (String line : v.split("\n")) {
                if (!line.isBlank()) {
                    out.add(Path.of(line));
                }
            }
        });
        return out;
    }

    void add(Path p) {
        List<Path> now = paths();
        Path abs = p.toAbsolutePath().normalize();
        now.remove(abs);
        now.add(0, abs);
        while (now.size() > MAX) {
            now.remove(now.size() - 1);
        }
        settings.put(KEY, String.join("\n", now.stream().map(Path::toString).toList()));
    }
}
