package io.ioptexplorer.hardware.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal YAML tree in which every node remembers where it was written. Built by {@link YamlReader}; only
 * mappings with string keys, sequences and scalars exist, so nothing in a file can construct an object.
 */
public sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {

    SourceLocation location();

    /** What kind of value this is, for messages: "a mapping", "a list", "the text 'x'", ... */
    String describe();

    /** The scalar kinds the YAML parser recognised (plain {@code true} is BOOL, {@code "true"} is STRING). */
    enum ScalarKind { STRING, INT, FLOAT, BOOL, NULL }

    record YScalar(String text, ScalarKind kind, SourceLocation location) implements YNode {
        @Override
        public String describe() {
            return switch (kind) {
                case NULL -> "an empty value";
                case BOOL -> "the boolean " + text;
                case INT, FLOAT -> "the number " + text;
                case STRING -> "the text '" + abbreviate(text) + "'";
            };
        }

        public boolean isNull() {
            return kind == ScalarKind.NULL;
        }
    }

    /** One key of a mapping: the key text and position, and its value. */
    record YEntry(String key, SourceLocation keyLocation, YNode value) {
    }

    record YMap(Map<String, YEntry> entries, SourceLocation location) implements YNode {
        public YMap {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        public YEntry entry(String key) {
            return entries.get(key);
        }

        public YNode get(String key) {
            YEntry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }

    record YSeq(List<YNode> items, SourceLocation location) implements YNode {
        public YSeq {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    static String abbreviate(String s) {
        String one = s.replace("\n", "\\n");
        return one.length() <= 40 ? one : one.substring(0, 37) + "...";
    }
}
