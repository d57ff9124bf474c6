package io.ioptexplorer.app.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Pictures of the window or of one view, as drawn now (so at the presentation scale when presenting). Must run on
 * the JavaFX thread, like any snapshot.
 */
public final class PngExport {
    private PngExport() {
    }

    public static WritableImage snapshot(Scene scene) {
        return scene.snapshot(null);
    }

    public static WritableImage snapshot(Node node) {
        return node.snapshot(null, null);
    }

    public static void write(WritableImage image, Path file) throws IOException {
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(buffered, "png", file.toFile())) {
            throw new IOException("no PNG writer is available in this Java runtime");
        }
    }
}
