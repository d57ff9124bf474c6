package io.ioptexplorer.hardware.vfio.logging;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.SimEvent;
import java.util.List;

/** Events published by {@link DmaLogging} and the device trackers. */
public final class DmaLoggingEvents {

    private DmaLoggingEvents() {
    }

    /** DMA_LOGGING_START succeeded. */
    public record Started(String device, long requestedPageSize, long chosenPageSize, List<IovaRange> requested,
            List<IovaRange> programmed) implements SimEvent {
        public Started {
            requested = List.copyOf(requested);
            programmed = List.copyOf(programmed);
        }
    }

    /** DMA_LOGGING_STOP was called. */
    public record Stopped(String device) implements SimEvent {
    }

    /** DMA_LOGGING_REPORT succeeded; {@code bitsSet} counts bits newly set in the user bitmap. */
    public record Reported(String device, long iova, long length, long pageSize, long bitsSet) implements SimEvent {
    }

    /** A DMA_LOGGING_* request failed with an errno. */
    public record Refused(String device, String operation, Errno errno, String why) implements SimEvent {
    }

    /** A device DMA write fell (partly) outside every tracked range, so it will never be reported. */
    public record UntrackedWrite(String device, long iova, long length, long untrackedBytes) implements SimEvent {
    }
}
