package io.ioptexplorer.viewmodel.live;

/**
 * How fast play runs: events per second of wall time, simulated nanoseconds per second of wall time, or as fast as
 * the machine goes.
 */
public record Speed(Unit unit, double rate) {
    public enum Unit { EVENTS_PER_SECOND, SIM_NS_PER_SECOND, UNLIMITED }

    public static final Speed UNLIMITED = new Speed(Unit.UNLIMITED, 0);

    public Speed {
        if (unit != Unit.UNLIMITED && !(rate > 0)) {
            throw new IllegalArgumentException("a play speed must be positive, not " + rate);
        }
    }

    public static Speed eventsPerSecond(double n) {
        return new Speed(Unit.EVENTS_PER_SECOND, n);
    }

    public static Speed simNsPerSecond(double ns) {
        return new Speed(Unit.SIM_NS_PER_SECOND, ns);
    }

    public String label() {
        return switch (unit) {
            case UNLIMITED -> "full speed";
            case EVENTS_PER_SECOND -> (rate >= 1000 ? String.format("%.0fk", rate / 1000) : String.format("%.0f", rate))
                    + " ev/s";
            case SIM_NS_PER_SECOND -> io.ioptexplorer.hardware.scenario.Units.formatTime((long) rate) + " sim/s";
        };
    }
}
