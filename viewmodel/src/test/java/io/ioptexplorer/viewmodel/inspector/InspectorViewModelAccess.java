package io.ioptexplorer.viewmodel.inspector;

import io.ioptexplorer.hardware.timeline.EventCatalog;
import io.ioptexplorer.hardware.timeline.TimelineEvent;

/** Test access to the inspector's subject line, which is package-private. */
public final class InspectorViewModelAccess {
    private InspectorViewModelAccess() {
    }

    public static String value(Object v) {
        return InspectorViewModel.value(v);
    }

    public static String subject(TimelineEvent e) {
        return InspectorViewModel.subject(EventCatalog.describe(e.event(), e.scope()));
    }
}
