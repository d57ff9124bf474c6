package io.ioptexplorer.viewmodel.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A moment of a run that can be reopened: the topology (a path or {@code sample:NAME}), the seed, how many steps
 * were done, and the selected step. Written as a few {@code key: value} lines, link-free and readable; the same
 * file and seed replay to the same state because the simulation is deterministic.
 *
 * @param file      a topology path or {@code sample:NAME}
 * @param seed      the seed the run used
 * @param step      steps done (0: before the first)
 * @param selection the selected step (0-based), or -1 for none
 */
public record Moment(String file, long seed, int step, int selection) {
    public static final String EXTENSION = ".iopt-moment";
    static final int VERSION = 1;
    private static final Set<String> KEYS = Set.of("iopt-moment", "file", "seed", "step", "selection");

    public String format() {
        return "# IOPT Explorer moment: reopen with `iopt-explorer gui THIS-FILE`\n"
                + "iopt-moment: " + VERSION + "\n"
                + "file: " + file + "\n"
                + "seed: " + seed + "\n"
                + "step: " + step + "\n"
                + "selection: " + (selection < 0 ? "none" : "step " + (selection + 1)) + "\n";
    }

    public void write(Path path) throws IOException {
        Files.writeString(path, format(), StandardCharsets.UTF_8);
    }

    public static Moment read(Path path) throws IOException, MomentException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** Parses a moment; every problem names {@code where:line} and says what was expected. */
    public static Moment parse(String where, String text) throws MomentException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<String> all = text.lines().toList();
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MomentException(where + ":" + (i + 1) + ": expected 'key: value', found '" + line + "'");
            }
            String key = line.substring(0, colon).strip();
            if (!KEYS.contains(key)) {
                throw new MomentException(where + ":" + (i + 1) + ": unknown key '" + key
                        + "' (a moment has iopt-moment, file, seed, step, selection)");
            }
            values.put(key, line.substring(colon + 1).strip());
            lines.put(key, i + 1);
        }
        for (String required : List.of("iopt-moment", "file", "seed", "step")) {
            if (!values.containsKey(required)) {
                throw new MomentException(where + ": not a moment file: the key '" + required + "' is missing");
            }
        }
        long version = number(where, lines, values, "iopt-moment");
        if (version != VERSION) {
            throw new MomentException(where + ":" + lines.get("iopt-moment") + ": moment format " + version
                    + " is not known to this version (it reads format " + VERSION + ")");
        }
        long step = number(where, lines, values, "step");
        if (step < 0 || step > Integer.MAX_VALUE) {
            throw new MomentException(where + ":" + lines.get("step") + ": step must be 0 or more, found " + step);
        }
        int selection = -1;
        String sel = values.getOrDefault("selection", "none");
        if (!sel.equals("none")) {
            if (!sel.matches("step [1-9][0-9]{0,8}")) {
                throw new MomentException(where + ":" + lines.get("selection")
                        + ": selection must be 'none' or 'step N' (N from 1), found '" + sel + "'");
            }
            selection = Integer.parseInt(sel.substring(5)) - 1;
        }
        if (values.get("file").isEmpty()) {
            throw new MomentException(where + ":" + lines.get("file") + ": file is empty");
        }
        return new Moment(values.get("file"), number(where, lines, values, "seed"), (int) step, selection);
    }

    private static long number(String where, Map<String, Integer> lines, Map<String, String> values, String key)
            throws MomentException {
        try {
            return Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw new MomentException(where + ":" + lines.get(key) + ": " + key + " must be a whole number, found '"
                    + values.get(key) + "'");
        }
    }

    /** A moment file that cannot be read; the message says where and why. */
    public static final class MomentException extends Exception {
        public MomentException(String message) {
            super(message);
        }
    }
}
