/**
 * One simulated host with one VM, assembled programmatically ({@link io.ioptexplorer.hardware.machine.MachineBuilder})
 * for the topology loader and the tests: guest memory, IOMMU units, VFIO devices bound to iommufd (or, for emulated
 * devices, joined to a legacy type1 container), vCPUs with KVM's dirty log, one seeded random generator, the
 * simulated clock and the event sink. {@link io.ioptexplorer.hardware.machine.Machine#attachAsVmm(boolean)} sets the
 * machine up as a VMM does at VM start (guest memory at IOVA = GPA, one HWPT per IOMMU unit, dirty-tracking flag per
 * IOMMU_GET_HW_INFO; reference §1.2, §1.3 and §6).
 */
package io.ioptexplorer.hardware.machine;
