package io.ioptexplorer.hardware.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.ioptexplorer.hardware.scenario.YNode.ScalarKind;
import io.ioptexplorer.hardware.scenario.YNode.YEntry;
import io.ioptexplorer.hardware.scenario.YNode.YMap;
import io.ioptexplorer.hardware.scenario.YNode.YScalar;
import io.ioptexplorer.hardware.scenario.YNode.YSeq;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one YAML document into a {@link YNode} tree with a {@code file:line:column} on every node, safely.
 *
 * <p>Uses Jackson's streaming YAML parser (SnakeYAML events underneath), which never constructs objects. On top of
 * that it refuses: files over {@link #MAX_CHARS} characters; explicit tags ({@code !!java.net.URL}, {@code !foo},
 * even {@code !!str}); aliases ({@code *name}), so no alias bomb can be expanded; nesting deeper than
 * {@link #MAX_DEPTH}; duplicate keys; more than one document. All of these are reported as {@link Problem}s.
 */
public final class YamlReader {
    /** The largest file accepted, in characters (1 MiB of ASCII). */
    public static final int MAX_CHARS = 1 << 20;
    /** The deepest nesting of mappings and lists accepted. */
    public static final int MAX_DEPTH = 32;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 8)
                    .maxStringLength(MAX_CHARS)
                    .maxNumberLength(100)
                    .build())
            .build();

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(true); // duplicates are found (all of them, with both positions) while building the tree
        o.setMaxAliasesForCollections(1);
        o.setNestingDepthLimit(MAX_DEPTH + 8);
        o.setCodePointLimit(MAX_CHARS + 1);
        o.setAllowRecursiveKeys(false);
        o.setProcessComments(false);
        return o;
    }

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private YAMLParser parser;
    private String text = "";

    private YamlReader(String file) {
        this.file = file;
    }

    /**
     * Parses {@code text}. Returns the root node, or null for an empty document; problems that prevent a tree are
     * thrown, problems that leave a usable tree (duplicate keys) are thrown too, all at once.
     */
    public static YNode read(String file, String text) throws TopologyException {
        if (text.length() > MAX_CHARS) {
            throw new TopologyException(new Problem(SourceLocation.startOf(file), "the file has " + text.length()
                    + " characters; topology files are limited to " + MAX_CHARS + " (1 MiB); split it or remove"
                    + " unused parts"));
        }
        return new YamlReader(file).parse(text);
    }

    private YNode parse(String text) throws TopologyException {
        this.text = text;
        YNode root = null;
        try (YAMLParser p = FACTORY.createParser(text)) {
            parser = p;
            JsonToken t = next();
            if (t != null) {
                root = value(t, 0);
                JsonToken after = p.nextToken();
                if (after != null) {
                    problems.add(new Problem(here(), "a topology file holds one YAML document; remove the '---' and"
                            + " everything after it, or move it to its own file"));
                }
            }
        } catch (Fatal f) {
            problems.add(f.problem);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                // SnakeYAML knows exactly where the problem is; Jackson reports where the parser stood.
                problems.add(new Problem(new SourceLocation(file, m.getProblemMark().getLine() + 1,
                        m.getProblemMark().getColumn() + 1), snakeMessage(m)));
            } else {
                problems.add(new Problem(at(e.getLocation()), cleanMessage(e)));
            }
        } catch (MarkedYAMLException e) {
            // Normally wrapped by Jackson (above); unwrapped if SnakeYAML fails outside Jackson's handling.
            SourceLocation at = e.getProblemMark() == null ? lastKnown()
                    : new SourceLocation(file, e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1);
            problems.add(new Problem(at, snakeMessage(e)));
        } catch (IOException | YAMLException e) {
            problems.add(new Problem(lastKnown(), "not valid YAML: " + firstLine(String.valueOf(e.getMessage()))));
        }
        if (!problems.isEmpty()) {
            throw new TopologyException(problems);
        }
        return root;
    }

    private static final class Fatal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        Fatal(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    private JsonToken next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t != null) {
            String tag = parser.getTypeId();
            if (tag != null) {
                throw new Fatal(new Problem(here(), "explicit YAML tags are not allowed ('" + shortTag(tag)
                        + "'); remove the tag and write the value plainly"));
            }
            if (parser.isCurrentAlias()) {
                throw new Fatal(new Problem(here(), "YAML aliases are not allowed ('*" + parser.getText()
                        + "'); write the value out in full"));
            }
        }
        return t;
    }

    private YNode value(JsonToken t, int depth) throws IOException {
        SourceLocation loc = here();
        switch (t) {
            case START_OBJECT: {
                checkDepth(depth, loc);
                Map<String, YEntry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = next()) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    SourceLocation keyLoc = here();
                    JsonToken vt = next();
                    if (vt == null) {
                        throw new Fatal(new Problem(keyLoc, "the file ends inside the value of '" + key + "'"));
                    }
                    YNode v = value(vt, depth + 1);
                    YEntry previous = entries.get(key);
                    if (previous != null) {
                        problems.add(new Problem(keyLoc, "duplicate key '" + key + "'; it was already given at line "
                                + previous.keyLocation().line() + ", column " + previous.keyLocation().column()
                                + "; keep one of them"));
                    } else {
                        entries.put(key, new YEntry(key, keyLoc, v));
                    }
                }
                if (k != JsonToken.END_OBJECT) {
                    throw new Fatal(new Problem(here(), "unexpected end of a mapping"));
                }
                return new YMap(entries, loc);
            }
            case START_ARRAY: {
                checkDepth(depth, loc);
                List<YNode> items = new ArrayList<>();
                JsonToken i;
                while ((i = next()) != JsonToken.END_ARRAY) {
                    if (i == null) {
                        throw new Fatal(new Problem(here(), "unexpected end of a list"));
                    }
                    items.add(value(i, depth + 1));
                }
                return new YSeq(items, loc);
            }
            case VALUE_STRING: {
                String v = parser.getText();
                if (v.isEmpty() && !quotedAt(parser.currentTokenLocation())) {
                    return new YScalar("", ScalarKind.NULL, loc); // 'key:' with nothing after it
                }
                return new YScalar(v, ScalarKind.STRING, loc);
            }
            case VALUE_NUMBER_INT:
                return new YScalar(parser.getText(), ScalarKind.INT, loc);
            case VALUE_NUMBER_FLOAT:
                return new YScalar(parser.getText(), ScalarKind.FLOAT, loc);
            case VALUE_TRUE:
                return new YScalar("true", ScalarKind.BOOL, loc);
            case VALUE_FALSE:
                return new YScalar("false", ScalarKind.BOOL, loc);
            case VALUE_NULL:
                return new YScalar("", ScalarKind.NULL, loc);
            case VALUE_EMBEDDED_OBJECT:
                throw new Fatal(new Problem(loc, "binary or other embedded values are not allowed; write text or"
                        + " numbers"));
            default:
                throw new Fatal(new Problem(loc, "unexpected YAML token " + t));
        }
    }

    private boolean quotedAt(JsonLocation l) {
        long off = l == null ? -1 : l.getCharOffset();
        if (off < 0 || off >= text.length()) {
            return false;
        }
        int index;
        try {
            index = text.offsetByCodePoints(0, (int) off); // SnakeYAML counts code points
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
        if (index >= text.length()) {
            return false;
        }
        char c = text.charAt(index);
        return c == '"' || c == '\'';
    }

    private static String snakeMessage(MarkedYAMLException m) {
        StringBuilder b = new StringBuilder("not valid YAML: ");
        if (m.getContext() != null) {
            b.append(m.getContext().strip()).append("; ");
        }
        b.append(m.getProblem() == null ? "unreadable input" : m.getProblem().strip());
        String s = b.toString().replace('\n', ' ');
        return s.length() > 240 ? s.substring(0, 237) + "..." : s;
    }

    private void checkDepth(int depth, SourceLocation loc) {
        if (depth >= MAX_DEPTH) {
            throw new Fatal(new Problem(loc, "mappings and lists are nested more than " + MAX_DEPTH
                    + " deep; a topology never needs that many levels"));
        }
    }

    private SourceLocation here() {
        return at(parser.currentTokenLocation());
    }

    private SourceLocation lastKnown() {
        if (parser == null) {
            return SourceLocation.startOf(file);
        }
        try {
            return at(parser.currentLocation());
        } catch (RuntimeException e) {
            return SourceLocation.startOf(file);
        }
    }

    private SourceLocation at(JsonLocation l) {
        if (l == null || l.getLineNr() < 1) {
            return SourceLocation.startOf(file);
        }
        return new SourceLocation(file, l.getLineNr(), Math.max(1, l.getColumnNr()));
    }

    private static String shortTag(String tag) {
        String t = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring("tag:yaml.org,2002:".length())
                : tag.startsWith("!") ? tag : "!" + tag;
        return YNode.abbreviate(t);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return YNode.abbreviate(nl < 0 ? s : s.substring(0, nl));
    }

    /** Jackson's message without its source excerpt and location suffix. */
    private static String cleanMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            m = "unreadable input";
        }
        m = m.strip();
        // SnakeYAML messages come as "while scanning ...\n in 'reader', line 3, column 1:\n  text\n  ^\n...".
        StringBuilder out = new StringBuilder();
        for (String line : m.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("in 'reader'") || l.startsWith("in '") || l.equals("^")
                    || l.matches("\\^+")) {
                continue;
            }
            if (line.startsWith("    ") || line.startsWith("\t")) {
                continue; // source excerpt
            }
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(l);
            if (out.length() > 200) {
                break;
            }
        }
        String s = out.length() == 0 ? "unreadable input" : out.toString();
        return "not valid YAML: " + (s.length() > 200 ? s.substring(0, 197) + "..." : s);
    }
}
