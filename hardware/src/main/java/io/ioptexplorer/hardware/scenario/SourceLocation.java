package io.ioptexplorer.hardware.scenario;

import java.util.Objects;

/**
 * Where something was written: file name, 1-based line and 1-based column. Prints as {@code file:line:column},
 * the way compilers do, so editors and terminals can jump to it.
 */
public record SourceLocation(String file, int line, int column) implements Comparable<SourceLocation> {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    /** The start of a file, for problems that concern the whole file. */
    public static SourceLocation startOf(String file) {
        return new SourceLocation(file, 1, 1);
    }

    @Override
    public int compareTo(SourceLocation o) {
        int c = file.compareTo(o.file);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
