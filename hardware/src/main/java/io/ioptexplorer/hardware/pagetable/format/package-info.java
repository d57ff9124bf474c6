/**
 * One descriptor per real IO page-table format, saying only what differs: AMD IOMMU v1 (and the iommufd selftest
 * mock built from it), Intel VT-d second stage, Arm SMMUv3 stage 1 and 2, RISC-V Sv39/48/57.
 */
package io.ioptexplorer.hardware.pagetable.format;
