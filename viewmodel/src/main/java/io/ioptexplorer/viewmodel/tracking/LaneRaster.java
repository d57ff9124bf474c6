package io.ioptexplorer.viewmodel.tracking;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.inspect.tracking.Lane;

/**
 * Turns a lane into one row of pixels: pixel {@code i} of {@code width} stands for frames
 * {@code [from + i*span/width, from + (i+1)*span/width)} (at least one frame when zoomed in past one page per pixel).
 * A pixel holding any false negative is red (a lost page must never hide); else the larger of true and false
 * positives gives its colour. Counting is word by word in the frozen sets, so a 64 GiB lane costs a few hundred
 * thousand {@code bitCount}s per row at any zoom, never one test per page.
 */
public final class LaneRaster {
    private LaneRaster() {
    }

    /** Writes {@code width} ARGB pixels of {@code lane} over frames [from, to) into {@code out} at {@code offset}. */
    public static void row(Lane lane, long from, long to, int width, int[] out, int offset) {
        forEachPixel(from, to, width, (i, a, b) -> {
            Lane.Counts c = lane.countsIn(a, b);
            out[offset + i] = c.falseNegatives() > 0 ? LaneColors.FALSE_NEGATIVE
                    : c.truePositives() == 0 && c.falsePositives() == 0 ? LaneColors.EMPTY
                    : c.truePositives() >= c.falsePositives() ? LaneColors.TRUE_POSITIVE : LaneColors.FALSE_POSITIVE;
        });
    }

    /** The ground-truth row: every frame written, whoever reported it. */
    public static void truthRow(Lane lane, long from, long to, int width, int[] out, int offset) {
        forEachPixel(from, to, width, (i, a, b) ->
                out[offset + i] = lane.truth().countIn(a, b) > 0 ? LaneColors.WRITTEN : LaneColors.EMPTY);
    }

    /** A row of marks: every pixel holding a frame of {@code frames} (the pages that differ from a pinned moment). */
    public static void marksRow(PageBits frames, long from, long to, int width, int[] out, int offset) {
        forEachPixel(from, to, width, (i, a, b) ->
                out[offset + i] = frames.countIn(a, b) > 0 ? LaneColors.DIFFERS_FROM_PIN : LaneColors.EMPTY);
    }

    /** The first frame pixel {@code x} of {@code width} stands for. */
    public static long frameAt(long from, long to, int width, int x) {
        long span = Math.max(1, to - from);
        return from + Math.floorDiv(span * (long) x, width == 0 ? 1 : width);
    }

    private interface PixelRange {
        void accept(int pixel, long fromFrame, long toFrame);
    }

    private static void forEachPixel(long from, long to, int width, PixelRange f) {
        long span = Math.max(1, to - from);
        for (int i = 0; i < width; i++) {
            long a = from + mulDiv(span, i, width);
            long b = Math.max(a + 1, from + mulDiv(span, i + 1, width));
            f.accept(i, a, b);
        }
    }

    /** span * i / width without overflow for spans up to 2^52 frames. */
    private static long mulDiv(long span, int i, int width) {
        return Math.multiplyHigh(span, i) == 0 ? span * i / width : (long) ((double) span * i / width);
    }
}
