package io.ioptexplorer.archfixture.hardware.iommu;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ioptexplorer.archfixture.hardware.scenario.FileWords;

/** Fixture: a simulator-core class that reads the file's words and parses with Jackson, which the rule forbids. */
public final class ScenarioLeak {
    private ScenarioLeak() {
    }

    public static String model() {
        return FileWords.model().toUpperCase(java.util.Locale.ROOT) + new ObjectMapper().getClass().getName();
    }
}
