package io.ioptexplorer.hardware.scenario;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Results a step must produce: result name to expected value. Values are typed by the key (see
 * {@link StepOps}): {@code Boolean}, {@code Long} (counts, sizes in bytes, times in ns), {@code String} (result
 * names), {@code List<String>} (state paths), {@code List<Long>} (page sizes), {@link BitSet} (bitmaps, bit i =
 * page i of the range).
 */
public record Expect(Map<String, Object> values, Map<String, SourceLocation> locations, SourceLocation location) {

    public static final Expect NONE = new Expect(Map.of(), Map.of(), new SourceLocation("", 0, 0));

    public Expect {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        locations = Map.copyOf(locations);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public <T> Optional<T> get(String key, Class<T> type) {
        Object v = values.get(key);
        return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
    }

    public Optional<Long> number(String key) {
        return get(key, Long.class);
    }

    public Optional<Boolean> flag(String key) {
        return get(key, Boolean.class);
    }

    public Optional<String> text(String key) {
        return get(key, String.class);
    }

    public Optional<BitSet> bitmap(String key) {
        return get(key, BitSet.class).map(b -> (BitSet) b.clone());
    }

    @SuppressWarnings("unchecked")
    public Optional<List<Object>> list(String key) {
        return get(key, List.class).map(l -> (List<Object>) l);
    }

    /** Where the expectation for {@code key} was written. */
    public SourceLocation locationOf(String key) {
        return locations.getOrDefault(key, location);
    }
}
