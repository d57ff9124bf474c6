package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import java.util.function.Consumer;

/**
 * The text of {@code dump}: a page table as ptdump-style lines ({@code start-end  size  level  attributes}, runs
 * merged by level and attributes, empty runs omitted), or the walk of one IOVA, one line per level.
 */
public final class PtDump {
    private PtDump() {
    }

    /** One line per run of {@link PageTableFolding#forEachRun}. */
    public static void table(PageTableFolding folding, Consumer<String> out) {
        folding.forEachRun(r -> out.accept(line(r)));
    }

    /** "0x...-0x...  512 × 2 MiB  L1  RW A clean  PR IR IW A". */
    public static String line(PtRow r) {
        String size = switch (r.kind()) {
            case LEAVES -> (r.count() == 1 ? "" : r.count() + " × ") + Sizes.of(r.leafSize());
            case TABLE -> "table";
            case EMPTY -> r.count() + " empty";
        };
        String attrs = r.kind() == PtRow.Kind.LEAVES ? LeafAttributes.summary(r.prot(), r.accessed(), r.dirty())
            : r.kind() == PtRow.Kind.TABLE ? String.format("-> 0x%x", r.outputAddress()) : "";
        return String.format("%s-%s  %-16s L%d  %-12s %s", IovaMath.hex16(r.firstIova()), IovaMath.hex16(r.lastIova()),
            size, r.level(), attrs, r.flags()).stripTrailing();
    }

    /** The walk: a header line, one line per level (raw value and decoded fields), and how it ended. */
    public static void walk(WalkTrace w, Consumer<String> out) {
        out.accept(String.format("walk of 0x%x in %s", w.iova(), w.format()));
        for (WalkLevel l : w.levels()) {
            StringBuilder b = new StringBuilder(String.format("  L%d  table 0x%x [%3d]  0x%016x  %-5s", l.level(),
                l.tablePa(), l.index(), l.raw(), kind(l.kind())));
            for (EntryField f : l.fields()) {
                b.append(' ').append(f.name()).append('=');
                b.append(f.hiBit() - f.loBit() >= 8 ? String.format("0x%x", f.value()) : Long.toString(f.value()));
            }
            out.accept(b.toString());
        }
        if (w.reachedLeaf()) {
            out.accept(String.format("  -> 0x%x (leaf of %s at 0x%x)", w.physAddr(), Sizes.of(w.leafSize()),
                w.leafIova()));
        } else {
            out.accept("  stopped: " + w.stoppedWhy());
        }
    }

    static String kind(int kind) {
        return switch (kind) {
            case PageTableFormat.TABLE -> "table";
            case PageTableFormat.LEAF -> "leaf";
            default -> "empty";
        };
    }
}
