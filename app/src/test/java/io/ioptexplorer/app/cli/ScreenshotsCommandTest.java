package io.ioptexplorer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.app.shots.Screenshots;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * `screenshots DIR` writes the README's pictures: each a PNG of the expected size that is not blank. The toolkit is
 * started by TestFX here, so the command leaves it running for the other tests.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotsCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesNonBlankPicturesOfTheExpectedSize() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "screenshots",
                dir.resolve("shots").toString());
        assertThat(code).as(err.toString()).isZero();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("shots"))) {
            files = s.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "entry-inspector.png", "explorer-default-tour.png", "huge-leaf-amplification.png",
                "iotlb-stale-entry.png", "lanes-false-negatives.png", "lanes-false-positives.png",
                "migration-dashboard.png", "page-table-walk.png", "presentation-mode.png",
                "stale-iotlb-lost-pages.png");
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            assertThat(img.getWidth()).as(f.toString()).isEqualTo(Screenshots.WIDTH);
            assertThat(img.getHeight()).as(f.toString()).isEqualTo(Screenshots.HEIGHT);
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 4) {
                for (int x = 0; x < img.getWidth(); x += 4) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertThat(colours.size()).as("colours in %s", f).isGreaterThan(20);
        }
        assertThat(out.toString()).contains("wrote ").contains("presentation-mode.png");
    }
}
