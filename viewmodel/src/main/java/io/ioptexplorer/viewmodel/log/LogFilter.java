package io.ioptexplorer.viewmodel.log;

import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The event log's filter, read from what the user types: words separated by spaces, all of which must match.
 * {@code kind:walk-step} (or a breakpoint group, {@code kind:split}), {@code device:nic0}, {@code iommu:vtd0},
 * {@code hwpt:3}, {@code iova:0x100000-0x110000} or {@code iova:0x100000+64KiB} (events whose IOVA lies in the
 * range), {@code step:8} (1-based, as the step list numbers them); any other word is free text matched against the
 * kind, the device, the IOMMU, the HWPT ({@code hwpt3}) and the IOVA in hexadecimal ({@code 0x2000} finds
 * 0x2000000). The readable line itself is not searched: it exists only when an event is regenerated for display, and
 * a migration has millions of events. Immutable; {@link #parse} says where and why it cannot read a filter.
 */
public final class LogFilter {
    public static final LogFilter ALL = new LogFilter("", Set.of(), null, null, -1, false, 0, -1, -1, List.of());

    private final String text;
    private final Set<EventKind> kinds;
    private final String device;
    private final String unit;
    private final int hwpt;
    private final boolean hasIova;
    private final long iovaFrom;
    private final long iovaLast;
    private final int step;
    private final List<String> words;

    private LogFilter(String text, Set<EventKind> kinds, String device, String unit, int hwpt, boolean hasIova,
                      long iovaFrom,
                      long iovaLast, int step, List<String> words) {
        this.text = text;
        this.kinds = kinds;
        this.device = device;
        this.unit = unit;
        this.hwpt = hwpt;
        // Unsigned [iovaFrom, iovaLast]: an IOVA is a u64, so a range may lie above 2^63 or end at 2^64.
        this.hasIova = hasIova;
        this.iovaFrom = iovaFrom;
        this.iovaLast = iovaLast;
        this.step = step;
        this.words = words;
    }

    /** A filter that cannot be read: where (1-based column) and why. */
    public static final class Problem extends IllegalArgumentException {
        public Problem(int column, String why) {
            super("column " + column + ": " + why);
        }
    }

    public static LogFilter parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return ALL;
        }
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        String device = null;
        String unit = null;
        int hwpt = -1;
        boolean hasIova = false;
        long from = 0;
        long last = -1;
        int step = -1;
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < t.length()) {
            while (i < t.length() && t.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < t.length() && t.charAt(i) != ' ') {
                i++;
            }
            if (start == i) {
                break;
            }
            String word = t.substring(start, i);
            int col = start + 1;
            int colon = word.indexOf(':');
            if (colon < 0) {
                words.add(word.toLowerCase(Locale.ROOT));
                continue;
            }
            String key = word.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = word.substring(colon + 1);
            if (value.isEmpty()) {
                throw new Problem(col, "'" + word + "' has no value after the colon");
            }
            switch (key) {
                case "kind" -> kinds.addAll(kinds(value, col));
                case "device" -> device = value;
                case "iommu" -> unit = value;
                case "hwpt" -> hwpt = (int) number(value, col, "a HWPT id");
                case "step" -> {
                    long n = number(value, col, "a step number");
                    if (n < 1) {
                        throw new Problem(col, "steps are numbered from 1, not " + n);
                    }
                    step = (int) n - 1;
                }
                case "iova" -> {
                    long[] r = range(value, col);
                    hasIova = true;
                    from = r[0];
                    last = r[1];
                }
                default -> throw new Problem(col, "unknown filter '" + key + ":'; use kind:, device:, iommu:, "
                        + "hwpt:, iova:, step: or plain words");
            }
        }
        return new LogFilter(t, Set.copyOf(kinds), device, unit, hwpt, hasIova, from, last, step, List.copyOf(words));
    }

    private static Set<EventKind> kinds(String value, int col) {
        Set<EventKind> out = EnumSet.noneOf(EventKind.class);
        for (EventKind k : EventKind.values()) {
            if (k.id().equals(value)) {
                out.add(k);
            }
        }
        if (out.isEmpty()) {
            for (BreakpointClass c : BreakpointClass.values()) {
                if (c.id().equals(value) && c != BreakpointClass.OTHER) {
                    for (EventKind k : EventKind.values()) {
                        if (k.breakpoint() == c) {
                            out.add(k);
                        }
                    }
                }
            }
        }
        if (out.isEmpty()) {
            String near = nearest(value);
            throw new Problem(col, "no event kind '" + value + "'" + (near == null ? "" : "; did you mean '" + near
                    + "'?"));
        }
        return out;
    }

    private static String nearest(String value) {
        for (EventKind k : EventKind.values()) {
            if (k.id().startsWith(value)) {
                return k.id();
            }
        }
        for (EventKind k : EventKind.values()) {
            if (k.id().contains(value) || value.contains(k.id())) {
                return k.id();
            }
        }
        return null;
    }

    private static long number(String v, int col, String what) {
        try {
            return Units.parseInteger(v);
        } catch (RuntimeException e) {
            throw new Problem(col, "'" + v + "' is not " + what);
        }
    }

    /** {first, last} of an unsigned IOVA range: {@code a-b} (b exclusive), {@code a+size}, or one IOVA. */
    private static long[] range(String v, int col) {
        try {
            int plus = v.indexOf('+');
            int dash = v.indexOf('-');
            if (plus > 0) {
                long a = Units.parseIova(v.substring(0, plus));
                long size = Units.parseSize(v.substring(plus + 1));
                if (size <= 0) {
                    throw new Problem(col, "the IOVA range " + v + " is empty");
                }
                if (Long.compareUnsigned(size - 1, -1L - a) > 0) {
                    throw new Problem(col, "the IOVA range " + v + " runs past 0xffffffffffffffff");
                }
                return new long[] {a, a + size - 1};
            }
            if (dash > 0) {
                long a = Units.parseIova(v.substring(0, dash));
                long b = Units.parseIova(v.substring(dash + 1));
                if (Long.compareUnsigned(b, a) <= 0) {
                    throw new Problem(col, "the IOVA range " + v + " ends before it starts");
                }
                return new long[] {a, b - 1};
            }
            long a = Units.parseIova(v);
            return new long[] {a, a};
        } catch (Problem p) {
            throw p;
        } catch (RuntimeException e) {
            throw new Problem(col, "'" + v + "' is not an IOVA range; write 0x100000-0x200000 or 0x100000+1MiB");
        }
    }

    public boolean isEmpty() {
        return this == ALL;
    }

    public String text() {
        return text;
    }

    /** Whether event {@code seq} passes; reads only the compact index (machine thread). */
    public boolean matches(TimelineIndex index, long seq) {
        if (!kinds.isEmpty() && !kinds.contains(index.kind(seq))) {
            return false;
        }
        if (step >= 0 && index.stepOf(seq) != step) {
            return false;
        }
        if (hasIova && !index.touches(seq, iovaFrom, iovaLast)) { // a run of leaves counts where it reaches in
            return false;
        }
        if (device != null || unit != null || hwpt >= 0 || !words.isEmpty()) {
            TimelineIndex.Subject s = index.subject(seq);
            if (device != null && !device.equals(s.device())) {
                return false;
            }
            if (unit != null && !unit.equals(s.unit())) {
                return false;
            }
            if (hwpt >= 0 && hwpt != s.hwpt()) {
                return false;
            }
            String kind = index.kind(seq).id();
            for (String w : words) {
                if (!kind.contains(w) && !(s.device() != null && s.device().toLowerCase(Locale.ROOT).contains(w))
                        && !(s.unit() != null && s.unit().toLowerCase(Locale.ROOT).contains(w))
                        && !(s.hwpt() >= 0 && ("hwpt" + s.hwpt()).contains(w))
                        && !iovaContains(index.iova(seq), w)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a word written in hexadecimal ({@code 0x...}) occurs in the event's IOVA (unsigned, lower case). */
    private static boolean iovaContains(long iova, String word) {
        return iova != -1 && word.startsWith("0x") && word.length() > 2
                && Long.toHexString(iova).contains(word.substring(2));
    }
}
