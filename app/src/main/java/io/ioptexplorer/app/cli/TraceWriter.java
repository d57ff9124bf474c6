package io.ioptexplorer.app.cli;

import io.ioptexplorer.hardware.timeline.RunAbandoned;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineJson;
import io.ioptexplorer.hardware.timeline.TimelineListener;
import java.io.IOException;
import java.io.Writer;

/** {@code run --trace}: each timeline event as one JSON line, in the order the machine emits them. */
final class TraceWriter implements TimelineListener {
    private final Writer out;

    TraceWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void onEvent(TimelineEvent e) {
        try {
            out.write(TimelineJson.line(e));
            out.write('\n');
        } catch (IOException ex) {
            // An Error, not an exception: the run reports exceptions on the step and goes on; this must stop it.
            throw new RunAbandoned("cannot write the trace: " + ex.getMessage());
        }
    }

    /** Flushes, and closes a file (standard output stays open for the summary). */
    void finish(boolean close) throws IOException {
        if (close) {
            out.close();
        } else {
            out.flush();
        }
    }
}
