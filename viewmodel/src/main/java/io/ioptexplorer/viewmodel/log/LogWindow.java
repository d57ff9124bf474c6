package io.ioptexplorer.viewmodel.log;

import java.util.List;

/**
 * The lines of the event log the screen shows, captured at one moment.
 *
 * @param total        lines that pass the filter (the scroll range)
 * @param first        the line number of {@code rows.get(0)}
 * @param currentLine  the line of the current moment (its event, or the last before a boundary), or -1
 * @param filterText   the filter these lines were chosen by
 */
public record LogWindow(long total, long first, List<LogRow> rows, long currentLine, String filterText) {
    public static final LogWindow EMPTY = new LogWindow(0, 0, List.of(), -1, "");

    public LogWindow {
        rows = List.copyOf(rows);
    }
}
