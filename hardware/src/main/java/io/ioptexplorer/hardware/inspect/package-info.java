/**
 * Read-only captures of the simulated machine for views and the {@code dump} command: page-table rows folded in
 * the manner of Linux ptdump, the walk of one IOVA level by level, the IOVA map as buckets, the IOTLB as sets and
 * ways with stale entries named, and one leaf encoded in every format family. Every capture runs on the simulation
 * thread and returns immutable records; nothing here writes an entry or emits an event.
 */
package io.ioptexplorer.hardware.inspect;
