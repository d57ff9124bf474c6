package io.ioptexplorer.hardware.tour;

import io.ioptexplorer.hardware.scenario.Step;
import io.ioptexplorer.hardware.scenario.StepArgs;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.ArrayList;
import java.util.List;

/** A tour's cue list: where each phase starts, so a presenter can jump to "Migration" by name. */
public final class TourCues {
    /**
     * One cue.
     *
     * @param name  what the presenter sees: the phase, numbered when it recurs, and the first words of its caption
     * @param phase the phase
     * @param step  0-based index of the first step of the phase (the tour is positioned just before it)
     */
    public record Cue(String name, TourPhase phase, int step) {
    }

    private static final int CAPTION_WORDS = 8;

    private TourCues() {
    }

    /** The cues of a topology's tour in order: a new cue whenever the phase changes. */
    public static List<Cue> of(Topology t) {
        List<Cue> out = new ArrayList<>();
        TourPhase current = null;
        int pendingStart = -1; // a caption-only step that opens the next phase
        int[] seen = new int[TourPhase.values().length];
        for (Step s : t.steps()) {
            TourPhase p = TourPhase.of(s.args());
            if (p == null) {
                if (pendingStart < 0) {
                    pendingStart = s.index();
                }
                continue;
            }
            boolean migrate = s.args() instanceof StepArgs.Migrate; // every migration is a cue of its own
            if (p != current || migrate) {
                int start = pendingStart >= 0 ? pendingStart : s.index();
                int n = ++seen[p.ordinal()];
                String caption = firstWords(t.steps().get(start).narrate() != null
                        ? t.steps().get(start).narrate() : s.narrate());
                out.add(new Cue(p.label() + (n > 1 ? " " + n : "") + (caption.isEmpty() ? "" : ": " + caption),
                        p, start));
                current = p;
            }
            pendingStart = -1;
        }
        return out;
    }

    private static String firstWords(String caption) {
        if (caption == null || caption.isBlank()) {
            return "";
        }
        String[] words = caption.strip().split("\\s+");
        if (words.length <= CAPTION_WORDS) {
            return String.join(" ", words);
        }
        return String.join(" ", java.util.Arrays.copyOf(words, CAPTION_WORDS)) + " …";
    }
}
