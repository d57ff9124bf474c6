package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.run.RunReport;

/**
 * Everything a view could show of the machine at a moment, as one string: the JSON report of the run so far, the
 * simulated time, every valid IOTLB slot with the dirty state it cached, and every leaf of every HWPT's page table
 * with its A and D bits. Two machines with the same fingerprint look the same to every view.
 */
final class MachineFingerprint {
    private MachineFingerprint() {
    }

    static String of(PausedMachine pm) {
        StringBuilder b = new StringBuilder(RunReport.json(pm.run()));
        b.append("moment ").append(pm.moment()).append(" event ")
                .append(pm.event().map(e -> e.seq() + " " + e.event()).orElse("none")).append('\n');
        b.append("time ").append(pm.machine().clock().now()).append('\n');
        for (IommuUnit u : pm.machine().units()) {
            for (int slot = 0; slot < u.iotlb().entries(); slot++) {
                var e = u.iotlb().entry(slot);
                if (e != null) {
                    b.append(u.id()).append(" iotlb ").append(e).append('\n');
                }
            }
        }
        for (Hwpt h : pm.machine().iommufd().hwpts()) {
            var table = h.domain().pageTable();
            table.forEachLeaf(0, 1L << table.format().vaBits(), (iova, size, pa, prot, accessed, dirty) ->
                    b.append("hwpt ").append(h.id()).append(String.format(" %x %x %x %d %b %b%n", iova, size, pa,
                            prot, accessed, dirty)));
        }
        return b.toString();
    }
}
