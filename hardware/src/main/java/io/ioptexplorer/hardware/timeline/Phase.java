package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.vmm.VmmEvents;

/**
 * The phase of a live migration an event belongs to, read from the VMM's own events: everything before pre-copy
 * round 0 (the machine's assembly, the steps before {@code migrate}, the tracker choice and start) is setup; each
 * round starts at {@link VmmEvents.RoundStarted}; stop-and-copy at {@link VmmEvents.StopAndCopyStarted}; resume at
 * {@link VmmEvents.ResumeStarted}; verification is the {@link VmmEvents.VerificationDone} comparison; after
 * {@link VmmEvents.MigrationFinished} the migration is done until the next one chooses its trackers.
 *
 * @param kind  which phase
 * @param round the pre-copy round (0 = the full copy) for {@link Kind#PRE_COPY}, else -1
 */
public record Phase(Kind kind, int round) {
    public static final Phase SETUP = new Phase(Kind.SETUP, -1);

    public enum Kind {
        SETUP("setup"),
        PRE_COPY("pre-copy"),
        STOP_AND_COPY("stop-and-copy"),
        RESUME("resume"),
        VERIFICATION("verification"),
        DONE("done");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public Phase {
        if ((kind == Kind.PRE_COPY) != (round >= 0)) {
            throw new IllegalArgumentException("only a pre-copy phase has a round: " + kind + " " + round);
        }
    }

    public static Phase of(Kind kind) {
        return new Phase(kind, -1);
    }

    public static Phase preCopy(int round) {
        return new Phase(Kind.PRE_COPY, round);
    }

    /**
     * The phase {@code e} belongs to, given the phase of the event before it: an event that starts a phase belongs
     * to the phase it starts.
     */
    public Phase next(SimEvent e) {
        if (e instanceof VmmEvents.RoundStarted r) {
            return preCopy(r.round());
        }
        if (e instanceof VmmEvents.StopAndCopyStarted) {
            return of(Kind.STOP_AND_COPY);
        }
        if (e instanceof VmmEvents.ResumeStarted) {
            return of(Kind.RESUME);
        }
        if (e instanceof VmmEvents.VerificationDone) {
            return of(Kind.VERIFICATION);
        }
        if (e instanceof VmmEvents.MigrationFinished || e instanceof VmmEvents.MigrationCancelled) {
            return of(Kind.DONE);
        }
        if (e instanceof VmmEvents.TrackerChosen && kind != Kind.SETUP) {
            return SETUP; // a new migration attempt starts
        }
        return this;
    }

    /** For a band's label: "setup", "pre-copy round 2", "stop-and-copy", ... */
    public String label() {
        return kind == Kind.PRE_COPY ? kind.id() + " round " + round : kind.id();
    }

    /** For a narrow band: "round 2" for a pre-copy round, else the same as {@link #label()}. */
    public String shortLabel() {
        return kind == Kind.PRE_COPY ? "round " + round : kind.id();
    }
}
