package io.ioptexplorer.viewmodel.stage;

/** How presentation mode looks: the window's own theme, or a high-contrast light or dark one for a projector. */
public enum StageTheme {
    STANDARD("Window theme"), HIGH_CONTRAST_LIGHT("High contrast, light"), HIGH_CONTRAST_DARK("High contrast, dark");

    private final String label;

    StageTheme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Reads a stored name leniently: anything unknown is {@link #STANDARD}. */
    public static StageTheme parse(String stored) {
        for (StageTheme t : values()) {
            if (t.name().equalsIgnoreCase(stored)) {
                return t;
            }
        }
        return STANDARD;
    }
}
