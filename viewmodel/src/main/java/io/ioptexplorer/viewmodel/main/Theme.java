package io.ioptexplorer.viewmodel.main;

/** The two looks of the window. The app maps each to an AtlantaFX stylesheet. */
public enum Theme {
    LIGHT, DARK;

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** Reads a stored name leniently: anything unknown falls back to {@link #LIGHT}. */
    public static Theme parse(String stored) {
        for (Theme t : values()) {
            if (t.name().equalsIgnoreCase(stored)) {
                return t;
            }
        }
        return LIGHT;
    }
}
