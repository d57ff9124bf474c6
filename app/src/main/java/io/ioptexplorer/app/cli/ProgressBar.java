package io.ioptexplorer.app.cli;

import java.io.PrintWriter;

/** A one-line progress bar redrawn with carriage returns, shown only when a person is watching a terminal. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean enabled;
    private boolean drawn;

    private ProgressBar(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    static ProgressBar forTerminal(PrintWriter out, boolean quiet) {
        return new ProgressBar(out, !quiet && System.console() != null);
    }

    void update(int done, int total, String what) {
        if (!enabled || total == 0) {
            return;
        }
        int filled = (int) ((long) WIDTH * done / total);
        out.printf("\r[%s%s] %d/%d %-24s", "#".repeat(filled), " ".repeat(WIDTH - filled), done, total, what);
        out.flush();
        drawn = true;
    }

    void finish() {
        if (drawn) {
            out.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            out.flush();
        }
    }
}
