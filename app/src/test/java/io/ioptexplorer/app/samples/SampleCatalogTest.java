package io.ioptexplorer.app.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SampleCatalogTest {

    @Test
    void indexListsExactlyTheYamlFilesOfTheFolder() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("..", "sample-topologies"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
                    .containsExactlyInAnyOrderElementsOf(SampleCatalog.names());
        }
    }

    @Test
    void everyBundledSampleLoads() throws Exception {
        for (String name : SampleCatalog.names()) {
            assertThat(SampleCatalog.load(name).name()).as(name).isNotBlank();
        }
        assertThat(SampleCatalog.names()).contains(SampleCatalog.defaultName());
    }
}
