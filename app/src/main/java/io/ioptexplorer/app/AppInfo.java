package io.ioptexplorer.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The program's name and version, the latter filled in by the build from the POM. */
public final class AppInfo {
    public static final String NAME = "IOPT Explorer";

    private AppInfo() {
    }

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = AppInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
