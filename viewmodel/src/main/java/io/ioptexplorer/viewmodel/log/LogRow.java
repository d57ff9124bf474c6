package io.ioptexplorer.viewmodel.log;

/**
 * One line of the event log.
 *
 * @param text    the readable line, or "" while it is being regenerated
 * @param state   where the line stands against the current moment
 */
public record LogRow(long seq, int step, long timeNs, String kind, String name, String subject, String text,
                     State state) {
    public enum State { PAST, CURRENT, FUTURE }
}
