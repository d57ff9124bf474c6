package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.scenario.Expect;
import io.ioptexplorer.hardware.scenario.Step;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** Checks a step's outcome against its {@code expect} / {@code expect-error}. */
final class Expectations {
    private Expectations() {
    }

    /** Sentences saying what did not hold; empty when the step behaved as written. */
    static List<String> check(Step step, Errno errno, String error, Map<String, Object> result) {
        List<String> out = new ArrayList<>();
        if (step.expectError() != null) {
            if (errno == null && error == null) {
                out.add(step.location() + ": " + step.op() + " succeeded, but the step expects it to fail with "
                        + step.expectError());
            } else if (errno != step.expectError()) {
                out.add(step.location() + ": " + step.op() + " failed with " + (errno == null ? "an error" : errno)
                        + " (" + error + "), but the step expects " + step.expectError());
            }
            return out;
        }
        if (errno != null || error != null) {
            out.add(step.location() + ": " + step.op() + " failed: " + (errno == null ? "" : errno + ": ") + error);
            return out;
        }
        Expect expect = step.expect();
        for (Map.Entry<String, Object> e : expect.values().entrySet()) {
            String key = e.getKey();
            Object want = e.getValue();
            String where = expect.locationOf(key) + ": ";
            if (key.equals("downtime-at-most")) {
                Object got = result.get("downtime");
                if (!(got instanceof Long g) || g > (Long) want) {
                    out.add(where + "expected downtime at most " + want + " ns, got " + got + " ns");
                }
                continue;
            }
            Object got = result.get(key);
            if (got == null) {
                out.add(where + step.op() + " produced no result '" + key + "'");
            } else if (!matches(want, got)) {
                out.add(where + "expected " + key + " " + show(want) + ", got " + show(got));
            }
        }
        return out;
    }

    private static boolean matches(Object want, Object got) {
        if (got instanceof BitmapValue b) {
            return want instanceof BitSet w && w.equals(b.bits());
        }
        if (want instanceof List<?> w && got instanceof List<?> g) {
            if (w.size() != g.size()) {
                return false;
            }
            for (int i = 0; i < w.size(); i++) {
                if (!String.valueOf(w.get(i)).equals(String.valueOf(g.get(i)))) {
                    return false;
                }
            }
            return true;
        }
        if (want instanceof Number w && got instanceof Number g) {
            return w.longValue() == g.longValue();
        }
        return String.valueOf(want).equals(String.valueOf(got));
    }

    private static String show(Object v) {
        if (v instanceof BitmapValue b) {
            return b.bits().cardinality() + " bits set " + b.bits();
        }
        if (v instanceof BitSet b) {
            return b.cardinality() + " bits set " + b;
        }
        return String.valueOf(v);
    }
}
