package io.ioptexplorer.app.main;

/** The log's row height, for tests that click lines. */
final class EventLogViewTestRows {
    static final double ROW = 20;

    private EventLogViewTestRows() {
    }
}
