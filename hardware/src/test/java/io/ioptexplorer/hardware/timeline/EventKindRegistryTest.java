package io.ioptexplorer.hardware.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every SimEvent class the simulator has is a record with an {@link EventKind} and a description: found by listing
 * the compiled classes, not by a hand-kept list, so a new event without a kind fails here.
 */
class EventKindRegistryTest {

    @Test
    void everySimEventClassIsARecordWithExactlyOneKind() throws Exception {
        List<Class<?>> events = simEventClasses();
        assertThat(events).hasSizeGreaterThan(50);
        for (Class<?> c : events) {
            assertThat(c.isRecord()).as("%s is a record (immutable)", c.getName()).isTrue();
            assertThat(Arrays.stream(EventKind.values()).filter(k -> k.type() == c))
                    .as("EventKind constants for %s", c.getName()).hasSize(1);
        }
        assertThat(EventKind.values()).extracting(EventKind::type).doesNotHaveDuplicates()
                .allSatisfy(t -> assertThat(events).contains(t));
    }

    @Test
    void idsAreUniqueKebabCase() {
        assertThat(EventKind.values()).extracting(EventKind::id).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[a-z0-9]+(-[a-z0-9]+)*"));
        for (EventKind k : EventKind.values()) {
            assertThat(EventKind.byId(k.id())).isSameAs(k);
        }
    }

    @Test
    void everyKindIsDescribedWithANameTextAndItsSubjectInTheFields() throws Exception {
        for (EventKind k : EventKind.values()) {
            SimEvent e = (SimEvent) sample(k.type());
            EventInfo info = EventCatalog.describe(e, new EventScope("unit9", 7));
            assertThat(info.kind()).isSameAs(k);
            assertThat(info.name()).as("name of %s", k).isNotBlank();
            assertThat(info.text()).as("text of %s", k).isNotBlank();
            if (info.iova() != -1) {
                assertThat(info.fields().get("iova")).as("%s iova field", k).isEqualTo(new Hex(info.iova()));
            }
            if (info.level() != -1) {
                assertThat(info.fields().get("level")).as("%s level field", k).isEqualTo(info.level());
            }
            if (info.device() != null) {
                assertThat(info.fields().get("device")).isEqualTo(info.device());
            }
            // the compact index reads the same subject without text or fields
            EventSubject subject = EventCatalog.subject(e, new EventScope("unit9", 7));
            assertThat(subject).as("the index's subject of %s is not a full description", k)
                    .isNotInstanceOf(EventInfo.class);
            assertThat(List.of(subject.kind(), subject.iova(), subject.length(), subject.level(), subject.hwpt(),
                    subject.breakpoint(), String.valueOf(subject.unit()), String.valueOf(subject.device()),
                    subject.detail()))
                    .as("subject of %s", k).isEqualTo(List.of(info.kind(), info.iova(), info.length(), info.level(),
                            info.hwpt(), info.breakpoint(), String.valueOf(info.unit()), String.valueOf(info.device()),
                            info.detail()));
            assertThat(TimelineJson.line(new TimelineEvent(3, 1, 5, e))).startsWith(
                    "{\"seq\":3,\"step\":1,\"time-ns\":5,\"kind\":\"" + k.id() + "\",\"name\":");
        }
    }

    @Test
    void anUnknownEventIsRefusedWithItsClassName() {
        record Stray() implements SimEvent {
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventCatalog.describe(new Stray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Stray")
                .hasMessageContaining("EventKind");
    }

    /** All SimEvent implementations among the simulator's compiled classes. */
    static List<Class<?>> simEventClasses() throws Exception {
        Path root = classesRoot();
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, EventKindRegistryTest.class.getClassLoader());
                if (SimEvent.class.isAssignableFrom(c) && !c.isInterface() && !c.isAnonymousClass()) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(SimEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** An instance of a record with plain values in every component (records nest: RoundMetrics in RoundFinished). */
    static Object sample(Class<?> type) throws Exception {
        if (type == int.class || type == Integer.class) {
            return 2;
        }
        if (type == long.class || type == Long.class) {
            return 0x2000L;
        }
        if (type == double.class) {
            return 1.5;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == String.class) {
            return "x0";
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == Set.class) {
            return new HashSet<>();
        }
        if (type == io.ioptexplorer.hardware.bitmap.PageBits.class) {
            return io.ioptexplorer.hardware.bitmap.PageBits.of(2L, 3L);
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type.isRecord()) {
            RecordComponent[] rc = type.getRecordComponents();
            Class<?>[] types = Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Object[] args = new Object[rc.length];
            for (int i = 0; i < rc.length; i++) {
                args[i] = sample(types[i]);
            }
            Constructor<?> k = type.getDeclaredConstructor(types);
            k.setAccessible(true);
            return k.newInstance(args);
        }
        throw new IllegalArgumentException("no sample value for " + type);
    }
}
