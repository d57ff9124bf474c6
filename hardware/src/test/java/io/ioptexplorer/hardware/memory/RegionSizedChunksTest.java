package io.ioptexplorer.hardware.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Version chunks fill one G1 region exactly, and pages on either side of a chunk boundary keep their own versions. */
class RegionSizedChunksTest {
    @Test
    void underG1AChunkAndItsHeaderAreExactlyOneRegion() {
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (Boolean.parseBoolean(hs.getVMOption("UseG1GC").getValue())) {
            long region = Long.parseLong(hs.getVMOption("G1HeapRegionSize").getValue());
            assertThat(16L + 4L * RegionSizedChunks.ints()).isEqualTo(region);
        } else {
            assertThat(RegionSizedChunks.ints()).isEqualTo(1 << 16);
        }
        assertThat(GuestMemory.chunkPages()).isEqualTo(RegionSizedChunks.ints());
    }

    @Test
    void pagesAcrossAChunkBoundaryAndTheShortLastChunkKeepTheirVersions() {
        long chunk = GuestMemory.chunkPages();
        long pages = 2 * chunk + 5; // a last chunk of 5 pages
        GuestMemory m = new GuestMemory(pages * GuestMemory.PAGE_SIZE, GuestMemory.PAGE_SIZE);
        m.write((chunk - 1) * GuestMemory.PAGE_SIZE, 2 * GuestMemory.PAGE_SIZE); // the last page of chunk 0, the first of 1
        m.write((pages - 1) * GuestMemory.PAGE_SIZE, 1);
        m.write((pages - 1) * GuestMemory.PAGE_SIZE, 1);
        assertThat(m.version(chunk - 2)).isZero();
        assertThat(m.version(chunk - 1)).isEqualTo(1);
        assertThat(m.version(chunk)).isEqualTo(1);
        assertThat(m.version(chunk + 1)).isZero();
        assertThat(m.version(pages - 1)).isEqualTo(2);
        assertThat(m.version(2 * chunk)).isZero();
        m.setVersion(2 * chunk + 4, 7);
        assertThat(m.version(pages - 1)).isEqualTo(7);
    }
}
