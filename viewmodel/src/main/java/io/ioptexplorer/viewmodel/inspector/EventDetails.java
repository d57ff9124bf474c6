package io.ioptexplorer.viewmodel.inspector;

import java.util.List;

/**
 * The event the machine is paused inside, described for the inspector.
 *
 * @param seq     its place on the timeline
 * @param step    the step it belongs to (0-based)
 * @param timeNs  simulated time
 * @param kind    kebab-case kind ({@code walk-step})
 * @param name    the kernel or hardware name
 * @param subject device, IOMMU, HWPT, IOVA and level in one line ("" when none)
 * @param text    one readable line
 * @param fields  the event's fields, "name = value", in order
 */
public record EventDetails(long seq, int step, long timeNs, String kind, String name, String subject, String text,
                           List<String> fields) {
    public EventDetails {
        fields = List.copyOf(fields);
    }
}
