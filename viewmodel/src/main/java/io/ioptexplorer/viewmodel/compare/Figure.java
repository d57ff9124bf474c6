package io.ioptexplorer.viewmodel.compare;

/**
 * One figure of two runs side by side and their difference (right minus left).
 *
 * @param name  what is counted, with its unit
 * @param left  the run with the first setting
 * @param right the run with the second setting
 */
public record Figure(String name, long left, long right) {
    public long difference() {
        return right - left;
    }
}
