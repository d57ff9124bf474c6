package io.ioptexplorer.hardware.timeline;

/** The groups of event kinds a breakpoint can stop on (issue 11: split, collapse, lost page, FSM arc, ...). */
public enum BreakpointClass {
    SPLIT("split"),
    COLLAPSE("collapse"),
    /** A dirty page that will not be reported, or a verification that found lost pages. */
    LOST_PAGE("lost-page"),
    FSM_ARC("fsm-arc"),
    INVALIDATION("invalidation"),
    FAULT("fault"),
    ROUND_END("round-end"),
    OTHER("other");

    private final String id;

    BreakpointClass(String id) {
        this.id = id;
    }

    /** Stable kebab-case id. */
    public String id() {
        return id;
    }
}
