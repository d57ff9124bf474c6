package io.ioptexplorer.app.samples;

import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyException;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sample topologies bundled into the app (from the repository's {@code sample-topologies/} folder). Their order
 * and the default come from {@code sample-topologies/samples.txt}: one file name per line, the first is the
 * topology the window opens with.
 */
public final class SampleCatalog {
    static final String FOLDER = "/sample-topologies/";
    static final String INDEX = FOLDER + "samples.txt";

    private SampleCatalog() {
    }

    /** File names of the bundled samples, in display order. */
    public static List<String> names() {
        try (InputStream in = SampleCatalog.class.getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException("the build did not bundle " + INDEX);
            }
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    line = line.strip();
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        out.add(line);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample the window opens with. */
    public static String defaultName() {
        return names().get(0);
    }

    /** The YAML text of a bundled sample, if there is one of that name. */
    public static Optional<String> text(String name) {
        if (!names().contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = SampleCatalog.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a bundled sample; a bundled sample that does not load is a build defect, hence unchecked. */
    public static Topology load(String name) throws TopologyException {
        String text = text(name).orElseThrow(() -> new IllegalArgumentException("no bundled sample named " + name
                + "; bundled: " + String.join(", ", names())));
        return TopologyLoader.load(name, text);
    }
}
