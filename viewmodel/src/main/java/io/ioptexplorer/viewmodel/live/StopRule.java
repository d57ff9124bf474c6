package io.ioptexplorer.viewmodel.live;

/** When a command that runs the machine stops it again. Machine thread only. */
interface StopRule {
    /**
     * Stop inside the event {@code seq} of step {@code step} (the event's own moment). Asked for every event while
     * the machine runs, so it takes the moment as its two numbers rather than a {@link Moment}.
     */
    boolean stopsAt(int step, long seq);

    /** Stop at the boundary {@code here} (before step {@code here.step()}). */
    boolean stopsAtBoundary(Moment here);

    /** Breakpoints stop this command too (not rewinds, not step into). */
    default boolean honoursBreakpoints() {
        return true;
    }

    /** Play paces itself to the chosen speed; the other commands run flat out. */
    default boolean paced() {
        return false;
    }

    /** Step into: the next event, or the next boundary when a step emits none. */
    static StopRule nextEvent() {
        return new StopRule() {
            public boolean stopsAt(int step, long seq) {
                return true;
            }

            public boolean stopsAtBoundary(Moment here) {
                return true;
            }

            public boolean honoursBreakpoints() {
                return false;
            }
        };
    }

    /** Step over / step out: the boundary after step {@code step}. */
    static StopRule endOfStep(int step) {
        return new StopRule() {
            public boolean stopsAt(int step, long seq) {
                return false;
            }

            public boolean stopsAtBoundary(Moment here) {
                return here.step() > step;
            }
        };
    }

    /** Go to a moment ahead: the first moment at or after it; breakpoints do not interrupt a jump. */
    static StopRule at(Moment target) {
        return new StopRule() {
            public boolean stopsAt(int step, long seq) {
                return Moment.compare(step, seq, target) >= 0;
            }

            public boolean stopsAtBoundary(Moment here) {
                return here.compareTo(target) >= 0;
            }

            public boolean honoursBreakpoints() {
                return false;
            }
        };
    }

    /** Play or run to the end: only breakpoints and the end stop it. */
    static StopRule untilEnd(boolean paced) {
        return new StopRule() {
            public boolean stopsAt(int step, long seq) {
                return false;
            }

            public boolean stopsAtBoundary(Moment here) {
                return false;
            }

            public boolean paced() {
                return paced;
            }
        };
    }
}
