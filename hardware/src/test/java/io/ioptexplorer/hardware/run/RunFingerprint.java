package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineDevice;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A run's state at a step boundary as one digest: its JSON report so far, the simulated time, every valid IOTLB slot
 * with the dirty state it cached, every leaf of every HWPT with its A and D bits, the version of every guest page,
 * the ground truths not yet taken and each device's migration state.
 */
final class RunFingerprint {
    private RunFingerprint() {
    }

    static String of(ScenarioRun run) {
        MessageDigest d = sha256();
        Machine m = run.machine();
        update(d, RunReport.json(run));
        update(d, "time " + m.clock().now() + " next " + run.nextIndex());
        for (IommuUnit u : m.units()) {
            for (int slot = 0; slot < u.iotlb().entries(); slot++) {
                var e = u.iotlb().entry(slot);
                if (e != null) {
                    update(d, u.id() + " iotlb " + slot + " " + e);
                }
            }
        }
        for (Hwpt h : m.iommufd().hwpts()) {
            var table = h.domain().pageTable();
            StringBuilder b = new StringBuilder("hwpt " + h.id() + " " + table.stats() + "\n");
            table.forEachLeaf(0, 1L << Math.min(62, table.format().vaBits()), (iova, size, pa, prot, a, dirty) ->
                    b.append(String.format("%x %x %x %d %b %b%n", iova, size, pa, prot, a, dirty)));
            update(d, b.toString());
        }
        long pages = m.memory().pages();
        for (long pfn = 0; pfn < pages; pfn++) {
            int v = m.memory().version(pfn);
            if (v != 0) {
                update(d, pfn + "=" + v);
            }
        }
        update(d, "truth " + m.memory().truthSoFar().cardinality());
        for (MachineDevice dev : m.devices()) {
            update(d, dev.id() + " " + dev.migration().state() + " " + dev.logging().supported());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static void update(MessageDigest d, String s) {
        d.update(s.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
    }
}
