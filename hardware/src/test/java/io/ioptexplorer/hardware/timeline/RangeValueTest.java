package io.ioptexplorer.hardware.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.vfio.logging.DmaLoggingEvents;
import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An IOVA range in an event's fields has one shape for the trace (an object with the start in hexadecimal and the
 * length in bytes, as the README's trace format documents for DMA_LOGGING_START) and one text for people; both come
 * from {@link RangeValue}.
 */
class RangeValueTest {
    private static final DmaLoggingEvents.Started START = new DmaLoggingEvents.Started("nic0", 4096, 4096,
        List.of(new IovaRange(0, 3L << 30), new IovaRange(1L << 32, 1L << 30)),
        List.of(new IovaRange(0, 5L << 30)));

    @Test
    void theTraceWritesEachRangeAsAnObject() {
        String line = TimelineJson.line(new TimelineEvent(7, 2, 100, START));
        assertThat(line).contains("\"requested\":[{\"iova\":\"0x0\",\"length\":3221225472},"
            + "{\"iova\":\"0x100000000\",\"length\":1073741824}]")
            .contains("\"programmed\":[{\"iova\":\"0x0\",\"length\":5368709120}]");
    }

    @Test
    void peopleReadAStartPlusASize() {
        assertThat(new RangeValue(0x100000000L, 1L << 30)).hasToString("0x100000000 + 1 GiB");
        assertThat(new RangeValue(0, 3L << 29)).hasToString("0x0 + 1536 MiB");
        assertThat(new RangeValue(0x1000, 4097)).hasToString("0x1000 + 4097 B");
        assertThat(EventCatalog.describe(START).fields().get("programmed")).isEqualTo(List.of(
            new RangeValue(0, 5L << 30)));
    }
}
