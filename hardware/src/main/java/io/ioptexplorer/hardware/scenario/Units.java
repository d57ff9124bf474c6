package io.ioptexplorer.hardware.scenario;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the quantities of topology files.
 *
 * <h2>Sizes</h2> A whole number of bytes: a plain integer ({@code 4096}), a hexadecimal integer
 * ({@code 0x1000000}), or a number with a unit ({@code 2KiB}, {@code 1.5 GiB}). Binary units are IEC:
 * {@code B, KiB, MiB, GiB, TiB, PiB, EiB} (powers of 1024). {@code KB, MB, GB, TB, PB} are accepted and are
 * <em>decimal</em> (powers of 1000), as the SI and IEC define them; since page sizes are always binary, a page size
 * written as {@code 4KB} will then fail the power-of-two check with a message pointing at {@code 4KiB}. Bare
 * {@code K}, {@code M}, {@code G} are rejected as ambiguous. Underscores may group digits ({@code 0x1_0000}).
 * A fraction is accepted only when the result is a whole number of bytes ({@code 1.5KiB} = 1536).
 * Negative numbers and values above {@link Long#MAX_VALUE} are rejected.
 *
 * <h2>Rates</h2> Bytes per second: a number, a unit and {@code /s}. Byte units are those of sizes plus
 * {@code bytes}; bit units are decimal and divided by 8: {@code bit, Kbit, Mbit, Gbit, Tbit}
 * ({@code 10Gbit/s} = 1 250 000 000 bytes/s). A rate needs a unit; it must come to a whole number of bytes/s.
 *
 * <h2>Times</h2> Nanoseconds: a number and one of {@code ns, us, µs, ms, s, min}. A time needs a unit and must
 * come to a whole number of nanoseconds.
 *
 * <p>All parse methods throw {@link UnitFormatException}, whose message says what is wrong and what is expected.
 */
public final class Units {
    private Units() {
    }

    /** A value that does not parse; the message is meant for the user. */
    public static final class UnitFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UnitFormatException(String message) {
            super(message);
        }
    }

    public static final long KiB = 1024L;
    public static final long MiB = KiB * 1024;
    public static final long GiB = MiB * 1024;
    public static final long TiB = GiB * 1024;
    public static final long PiB = TiB * 1024;
    public static final long EiB = PiB * 1024;

    private static final Map<String, BigDecimal> SIZE_UNITS = new LinkedHashMap<>();
    private static final Map<String, BigDecimal> RATE_UNITS = new LinkedHashMap<>();
    private static final Map<String, BigDecimal> TIME_UNITS = new LinkedHashMap<>();

    static {
        SIZE_UNITS.put("B", BigDecimal.ONE);
        SIZE_UNITS.put("KiB", BigDecimal.valueOf(KiB));
        SIZE_UNITS.put("MiB", BigDecimal.valueOf(MiB));
        SIZE_UNITS.put("GiB", BigDecimal.valueOf(GiB));
        SIZE_UNITS.put("TiB", BigDecimal.valueOf(TiB));
        SIZE_UNITS.put("PiB", BigDecimal.valueOf(PiB));
        SIZE_UNITS.put("EiB", BigDecimal.valueOf(EiB));
        SIZE_UNITS.put("KB", BigDecimal.valueOf(1_000L));
        SIZE_UNITS.put("MB", BigDecimal.valueOf(1_000_000L));
        SIZE_UNITS.put("GB", BigDecimal.valueOf(1_000_000_000L));
        SIZE_UNITS.put("TB", BigDecimal.valueOf(1_000_000_000_000L));
        SIZE_UNITS.put("PB", BigDecimal.valueOf(1_000_000_000_000_000L));

        RATE_UNITS.put("B", BigDecimal.ONE);
        RATE_UNITS.put("bytes", BigDecimal.ONE);
        for (Map.Entry<String, BigDecimal> e : SIZE_UNITS.entrySet()) {
            RATE_UNITS.putIfAbsent(e.getKey(), e.getValue());
        }
        BigDecimal eighth = new BigDecimal("0.125");
        RATE_UNITS.put("bit", eighth);
        RATE_UNITS.put("Kbit", eighth.multiply(BigDecimal.valueOf(1_000L)));
        RATE_UNITS.put("Mbit", eighth.multiply(BigDecimal.valueOf(1_000_000L)));
        RATE_UNITS.put("Gbit", eighth.multiply(BigDecimal.valueOf(1_000_000_000L)));
        RATE_UNITS.put("Tbit", eighth.multiply(BigDecimal.valueOf(1_000_000_000_000L)));

        TIME_UNITS.put("ns", BigDecimal.ONE);
        TIME_UNITS.put("us", BigDecimal.valueOf(1_000L));
        TIME_UNITS.put("\u00b5s", BigDecimal.valueOf(1_000L));
        TIME_UNITS.put("ms", BigDecimal.valueOf(1_000_000L));
        TIME_UNITS.put("s", BigDecimal.valueOf(1_000_000_000L));
        TIME_UNITS.put("min", BigDecimal.valueOf(60_000_000_000L));
    }

    private static final Pattern HEX = Pattern.compile("0[xX]([0-9a-fA-F][0-9a-fA-F_]*)");
    private static final Pattern DEC = Pattern.compile("([0-9][0-9_]*(?:\\.[0-9][0-9_]*)?)\\s*([^\\s0-9].*)?");
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal U64_MAX = new BigDecimal(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));

    /** Size unit names, for messages. */
    public static List<String> sizeUnits() {
        return List.copyOf(SIZE_UNITS.keySet());
    }

    /** Parses an integer with no unit: decimal or {@code 0x} hexadecimal, underscores allowed. */
    public static long parseInteger(String text) {
        String t = preflight(text, "an integer");
        Matcher hex = HEX.matcher(t);
        if (hex.matches()) {
            return toLong(new BigDecimal(new BigInteger(hex.group(1).replace("_", ""), 16)), text, "an integer");
        }
        Matcher m = DEC.matcher(t);
        if (!m.matches() || m.group(2) != null || m.group(1).contains(".")) {
            throw new UnitFormatException("'" + text + "' is not an integer; write a whole number such as 4 or 0x10");
        }
        return toLong(new BigDecimal(m.group(1).replace("_", "")), text, "an integer");
    }

    /** Parses a size in bytes; see the class comment. */
    public static long parseSize(String text) {
        return toLong(sizeValue(text, "a size"), text, "a size");
    }

    /**
     * Parses an IOVA: written like a size, but an unsigned 64-bit address as in the kernel (u64), so up to
     * {@code 0xffffffffffffffff}. The result is the address's 64 bits in a {@code long}; compare it unsigned.
     */
    public static long parseIova(String text) {
        BigDecimal v = sizeValue(text, "an IOVA");
        if (v.compareTo(U64_MAX) > 0) {
            throw new UnitFormatException("'" + text + "' is too large for an IOVA (the largest is"
                    + " 0xffffffffffffffff)");
        }
        return v.toBigIntegerExact().longValue();
    }

    private static BigDecimal sizeValue(String text, String what) {
        String t = preflight(text, what);
        Matcher hex = HEX.matcher(t);
        if (hex.matches()) {
            return new BigDecimal(new BigInteger(hex.group(1).replace("_", ""), 16));
        }
        Matcher m = DEC.matcher(t);
        if (!m.matches()) {
            throw new UnitFormatException("'" + text + "' is not a size; write bytes as 4096 or 0x1000, or with a unit"
                    + " such as 4KiB, 2MiB or 1GiB");
        }
        BigDecimal number = new BigDecimal(m.group(1).replace("_", ""));
        String unit = m.group(2);
        if (unit == null) {
            if (number.scale() > 0 && number.stripTrailingZeros().scale() > 0) {
                throw new UnitFormatException("'" + text + "' is not a whole number of bytes");
            }
            return number;
        }
        BigDecimal factor = SIZE_UNITS.get(unit);
        if (factor == null) {
            throw new UnitFormatException(unknownUnit("size", unit, text, SIZE_UNITS.keySet(), ambiguousHint(unit)));
        }
        BigDecimal bytes = number.multiply(factor);
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw new UnitFormatException("'" + text + "' is " + bytes.stripTrailingZeros().toPlainString()
                    + " bytes, not a whole number of bytes");
        }
        return bytes;
    }

    /** Parses a rate in bytes per second; see the class comment. */
    public static long parseRate(String text) {
        String t = preflight(text, "a rate");
        int slash = t.lastIndexOf('/');
        if (slash < 0 || !t.substring(slash + 1).trim().equals("s")) {
            Matcher m = DEC.matcher(t);
            if (HEX.matcher(t).matches() || (m.matches() && m.group(2) == null)) {
                throw new UnitFormatException("'" + text + "' needs a unit; write a rate such as 200MiB/s or 10Gbit/s");
            }
            throw new UnitFormatException("'" + text + "' is not a rate; write it as a number, a unit and /s, such as"
                    + " 200MiB/s, 1GB/s or 10Gbit/s");
        }
        String body = t.substring(0, slash).trim();
        Matcher m = DEC.matcher(body);
        if (!m.matches() || m.group(2) == null) {
            throw new UnitFormatException("'" + text + "' is not a rate; write it as a number, a unit and /s, such as"
                    + " 200MiB/s, 1GB/s or 10Gbit/s");
        }
        BigDecimal number = new BigDecimal(m.group(1).replace("_", ""));
        String unit = m.group(2).trim();
        BigDecimal factor = RATE_UNITS.get(unit);
        if (factor == null) {
            throw new UnitFormatException(unknownUnit("rate", unit + "/s", text, withPerSecond(), ""));
        }
        BigDecimal bytes = number.multiply(factor);
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw new UnitFormatException("'" + text + "' is " + bytes.stripTrailingZeros().toPlainString()
                    + " bytes/s, not a whole number of bytes per second");
        }
        return toLong(bytes, text, "a rate");
    }

    /** Parses a time to nanoseconds; see the class comment. */
    public static long parseTime(String text) {
        String t = preflight(text, "a time");
        Matcher m = DEC.matcher(t);
        if (!m.matches() || HEX.matcher(t).matches()) {
            throw new UnitFormatException("'" + text + "' is not a time; write a number and a unit such as 300ms, 2s,"
                    + " 50us or 10ns");
        }
        if (m.group(2) == null) {
            throw new UnitFormatException("'" + text + "' needs a unit; write a time such as 300ms, 2s, 50us or 10ns");
        }
        BigDecimal number = new BigDecimal(m.group(1).replace("_", ""));
        String unit = m.group(2).trim();
        BigDecimal factor = TIME_UNITS.get(unit);
        if (factor == null) {
            throw new UnitFormatException(unknownUnit("time", unit, text, TIME_UNITS.keySet(), ""));
        }
        BigDecimal ns = number.multiply(factor);
        if (ns.stripTrailingZeros().scale() > 0) {
            throw new UnitFormatException("'" + text + "' is not a whole number of nanoseconds");
        }
        return toLong(ns, text, "a time");
    }

    private static List<String> withPerSecond() {
        return RATE_UNITS.keySet().stream().map(u -> u + "/s").toList();
    }

    private static String ambiguousHint(String unit) {
        switch (unit) {
            case "K", "k", "M", "G", "T", "P", "kB", "Ki", "Mi", "Gi", "Ti":
                String letter = unit.substring(0, 1).toUpperCase(java.util.Locale.ROOT);
                return " ('" + unit + "' is ambiguous: write " + letter + "iB for powers of 1024 or " + letter
                        + "B for powers of 1000)";
            default:
                return "";
        }
    }

    /** Common spellings that are not units here, and the unit meant. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("sec", "s"), Map.entry("secs", "s"), Map.entry("second", "s"), Map.entry("seconds", "s"),
            Map.entry("msec", "ms"), Map.entry("millis", "ms"), Map.entry("usec", "us"), Map.entry("nsec", "ns"),
            Map.entry("bytes", "B"), Map.entry("byte", "B"), Map.entry("Gbps/s", "Gbit/s"),
            Map.entry("Mbps/s", "Mbit/s"), Map.entry("bps/s", "bit/s"));

    private static String unknownUnit(String what, String unit, String text, java.util.Collection<String> units,
            String hint) {
        String alias = ALIASES.get(unit);
        String dym = alias != null ? "; did you mean '" + alias + "'?" : Suggest.didYouMean(unit, units);
        if (!hint.isEmpty()) {
            dym = "";
        }
        return "unknown " + what + " unit '" + unit + "' in '" + text + "'" + hint + dym + " (units: "
                + String.join(", ", units) + ")";
    }

    private static String preflight(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new UnitFormatException("empty value; expected " + what);
        }
        String t = text.strip();
        if (t.length() > 64) {
            throw new UnitFormatException("'" + t.substring(0, 20) + "...' is too long to be " + what);
        }
        if (t.startsWith("-")) {
            throw new UnitFormatException("'" + text + "' is negative; " + what + " must be 0 or more");
        }
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        return t;
    }

    private static long toLong(BigDecimal value, String text, String what) {
        if (value.compareTo(LONG_MAX) > 0) {
            throw new UnitFormatException("'" + text + "' is too large for " + what + " (the largest is "
                    + Long.MAX_VALUE + ", just under 8 EiB)");
        }
        return value.longValueExact();
    }

    // ----------------------------------------------------------------------------------------------- formatting

    private static final String[] SIZE_NAMES = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    /** {@code 2048} prints as {@code 2 KiB}, {@code 1610612736} as {@code 1.5 GiB}; at most two decimals. */
    public static String formatSize(long bytes) {
        if (bytes < 0) {
            return "-" + formatSize(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes);
        }
        int unit = 0;
        long scale = 1;
        while (unit < SIZE_NAMES.length - 1 && bytes / scale >= 1024) {
            unit++;
            scale *= 1024;
        }
        return decimal(BigDecimal.valueOf(bytes), BigDecimal.valueOf(scale)) + " " + SIZE_NAMES[unit];
    }

    /** Bytes per second in binary byte units: {@code 200 MiB/s}. */
    public static String formatRate(long bytesPerSecond) {
        return formatSize(bytesPerSecond) + "/s";
    }

    /** Bytes per second in decimal bit units: 1 250 000 000 prints as {@code 10 Gbit/s}. */
    public static String formatBitRate(long bytesPerSecond) {
        BigDecimal bits = BigDecimal.valueOf(bytesPerSecond).multiply(BigDecimal.valueOf(8));
        String[] names = {"bit/s", "Kbit/s", "Mbit/s", "Gbit/s", "Tbit/s", "Pbit/s", "Ebit/s"};
        BigDecimal scale = BigDecimal.ONE;
        int unit = 0;
        BigDecimal thousand = BigDecimal.valueOf(1000);
        while (unit < names.length - 1 && bits.compareTo(scale.multiply(thousand)) >= 0) {
            unit++;
            scale = scale.multiply(thousand);
        }
        return decimal(bits, scale) + " " + names[unit];
    }

    /** Nanoseconds as {@code 300 ms}, {@code 2 s}, {@code 1.5 ms}, {@code 50 us}, {@code 10 ns}. */
    public static String formatTime(long nanos) {
        if (nanos < 0) {
            return "-" + formatTime(nanos == Long.MIN_VALUE ? Long.MAX_VALUE : -nanos);
        }
        String[] names = {"ns", "us", "ms", "s"};
        long scale = 1;
        int unit = 0;
        while (unit < names.length - 1 && nanos / scale >= 1000) {
            unit++;
            scale *= 1000;
        }
        return decimal(BigDecimal.valueOf(nanos), BigDecimal.valueOf(scale)) + " " + names[unit];
    }

    private static String decimal(BigDecimal value, BigDecimal scale) {
        BigDecimal v = value.divide(scale, 2, RoundingMode.HALF_UP).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString();
    }
}
