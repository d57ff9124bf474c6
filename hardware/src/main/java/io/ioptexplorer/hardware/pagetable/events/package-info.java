/**
 * Immutable page-table events: walk steps and faults, entry updates (software and hardware A/D), leaves mapped and
 * unmapped, table pages allocated and freed, splits and collapses, dirty leaves recorded. Built only when the sink
 * is enabled.
 */
package io.ioptexplorer.hardware.pagetable.events;
