package io.ioptexplorer.hardware.events;

/**
 * One immutable change in the simulated machine. Every event type is a Java {@code record}; views and reports are
 * built from the event stream and from read-only queries, never by reaching into internals.
 */
public interface SimEvent {
}
