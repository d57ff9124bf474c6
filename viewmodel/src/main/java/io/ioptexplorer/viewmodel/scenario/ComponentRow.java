package io.ioptexplorer.viewmodel.scenario;

/** One part of the simulated machine for the overview: what it is, its id, and its essentials in one line. */
public record ComponentRow(String kind, String id, String details) {
}
