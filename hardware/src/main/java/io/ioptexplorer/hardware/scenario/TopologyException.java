package io.ioptexplorer.hardware.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A topology file could not be loaded. Carries every problem found in one pass, sorted by position; the message is
 * one {@code file:line:column: text} line per problem.
 */
public final class TopologyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public TopologyException(List<Problem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a TopologyException needs at least one problem");
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::location));
        this.problems = List.copyOf(sorted);
    }

    public TopologyException(Problem problem) {
        this(List.of(problem));
    }

    /** The problems, sorted by file, line and column. Never empty. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        return problems.stream()
                .sorted(Comparator.comparing(Problem::location))
                .map(Problem::toString)
                .collect(Collectors.joining("\n"));
    }
}
