package io.ioptexplorer.app.cli;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.hardware.scenario.Problem;
import io.ioptexplorer.hardware.scenario.SourceLocation;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyException;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import java.util.List;

/** A topology named on the command line: a file path, or {@code sample:NAME} for a bundled sample. */
final class TopologyArgument {
    static final String SAMPLE_PREFIX = "sample:";

    private TopologyArgument() {
    }

    static Topology load(String arg, List<String> overrides) throws TopologyException {
        if (arg.startsWith(SAMPLE_PREFIX)) {
            String name = arg.substring(SAMPLE_PREFIX.length());
            String text = SampleCatalog.text(name).orElseThrow(() -> new TopologyException(new Problem(
                    SourceLocation.startOf(arg), "no bundled sample named '" + name + "'; 'list-samples' shows "
                    + "them")));
            return TopologyLoader.load(name, text, overrides);
        }
        return TopologyLoader.load(Path.of(arg), overrides);
    }
}
