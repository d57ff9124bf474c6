package io.ioptexplorer.benchmarks.live;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordingStream;

/**
 * How many bytes G1's evacuations (young and mixed pauses) copied between {@link #start} and {@link #stop}, read from
 * JFR's {@code jdk.EvacuationInformation} events as they stream. A pause's length grows with its copying; on a loaded
 * host the pauses stretch, the bytes do not, so this compares two builds where frame times cannot.
 */
final class EvacuationCopies {
    private final RecordingStream stream = new RecordingStream();
    private final AtomicLong copied = new AtomicLong();
    private final Instant from = Instant.now();
    private volatile Instant until = Instant.MAX;

    private EvacuationCopies() {
    }

    static EvacuationCopies start() {
        EvacuationCopies c = new EvacuationCopies();
        c.stream.enable("jdk.EvacuationInformation");
        c.stream.onEvent("jdk.EvacuationInformation", e -> {
            if (!e.getStartTime().isBefore(c.from) && e.getStartTime().isBefore(c.until)) {
                c.copied.addAndGet(e.getLong("bytesCopied"));
            }
        });
        c.stream.startAsync();
        return c;
    }

    /** The bytes copied since {@link #start} (0 under a collector that reports no evacuations). */
    long stop() throws InterruptedException {
        until = Instant.now();
        Thread.sleep(2000); // a stream delivers its events about once a second: wait for the measured interval's
        stream.close();
        return copied.get();
    }
}
