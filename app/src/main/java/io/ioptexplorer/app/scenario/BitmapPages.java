package io.ioptexplorer.app.scenario;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.viewmodel.live.BitmapPicture;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.Selection;
import java.util.function.BiConsumer;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.MouseButton;

/**
 * A bitmap's pages as things to point at: a click on a cell selects the IOVA its first bit stands for (the shared
 * focus, as a page picked in the lanes is); a right click offers "Go to the entry" of that IOVA in the HWPT the
 * bitmap was read from. The IOVA and HWPT come from the picture, never from the machine.
 */
final class BitmapPages {
    private BitmapPages() {
    }

    static void wire(BitmapCanvas canvas, BitmapPicture b, Focus focus, BiConsumer<Integer, Long> goToEntry) {
        ContextMenu menu = new ContextMenu();
        menu.setId("bitmap-page-menu");
        canvas.setOnMouseClicked(e -> {
            long bit = canvas.bitAt(e.getX(), e.getY());
            if (bit < 0) {
                return;
            }
            long iova = b.iovaOf(bit);
            focus.select(new Selection.Iova(b.hwpt(), iova));
            if (e.getButton() == MouseButton.SECONDARY) {
                menu.getItems().setAll(goToEntryItem(b, iova, goToEntry));
                menu.show(canvas, e.getScreenX(), e.getScreenY());
            }
        });
    }

    private static MenuItem goToEntryItem(BitmapPicture b, long iova, BiConsumer<Integer, Long> goToEntry) {
        String where = b.hwpt() == BitmapPicture.NO_HWPT ? "in the page table shown"
                : "in HWPT " + b.hwpt();
        MenuItem go = new MenuItem("Go to the entry of IOVA " + IovaMath.hex(iova) + " " + where);
        go.setId("bitmap-go-to-entry");
        go.setMnemonicParsing(false);
        go.setOnAction(x -> goToEntry.accept(b.hwpt(), iova));
        return go;
    }
}
