package io.ioptexplorer.viewmodel.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.timeline.EventCatalog;
import io.ioptexplorer.hardware.timeline.EventInfo;
import io.ioptexplorer.hardware.vfio.logging.DmaLoggingEvents;
import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inspector shows an event's fields readably: the catalog keeps ranges structured for the trace's JSON, and the
 * inspector showed them as Java's map text ({@code [{iova=0x0, length=3221225472}]}).
 */
class InspectorFieldValueTest {
    @Test
    void dmaLoggingStartShowsItsRangesAsAddressPlusSize() {
        EventInfo info = EventCatalog.describe(new DmaLoggingEvents.Started("nic0", 4096, 4096,
            List.of(new IovaRange(0, 3L << 30), new IovaRange(1L << 32, 1L << 30)),
            List.of(new IovaRange(0, 5L << 30))));
        Map<String, String> shown = new LinkedHashMap<>();
        info.fields().forEach((k, v) -> shown.put(k, InspectorViewModelAccess.value(v)));
        assertThat(shown).containsEntry("requested", "0x0 + 3 GiB, 0x100000000 + 1 GiB")
            .containsEntry("programmed", "0x0 + 5 GiB")
            .containsEntry("page-size", "4096");
    }

    @Test
    void otherValuesReadAsThemselves() {
        assertThat(InspectorViewModelAccess.value(List.of())).isEqualTo("none");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", 2);
        m.put("why", "stale");
        assertThat(InspectorViewModelAccess.value(m)).isEqualTo("level 2, why stale");
        assertThat(InspectorViewModelAccess.value(List.of(1, 2))).isEqualTo("1, 2");
        assertThat(InspectorViewModelAccess.value(null)).isEqualTo("null");
    }
}
