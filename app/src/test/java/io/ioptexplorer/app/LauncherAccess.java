package io.ioptexplorer.app;

/** Lets tests ask the launcher how it reads one argument. */
public final class LauncherAccess {
    private LauncherAccess() {
    }

    public static boolean opensAFile(String arg) {
        return Launcher.opensAFile(arg);
    }
}
