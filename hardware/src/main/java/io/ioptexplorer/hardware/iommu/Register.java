package io.ioptexplorer.hardware.iommu;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A hardware register or descriptor word as real bit fields: a 64-bit value plus the named fields the inspector
 * shows. Used for capability registers (EFR, ECAP, IDR0, capabilities) and for the per-device enable knobs (DTE,
 * PASID-table entry, context descriptor, device context).
 */
public final class Register {
    /** One named field: bits {@code [hi:lo]}, a meaning, and whether its position is confirmed by a source. */
    public record Field(String name, int hi, int lo, String meaning) {
        long mask() {
            int width = hi - lo + 1;
            return (width == 64 ? -1L : (1L << width) - 1) << lo;
        }
    }

    private final String name;
    private final List<Field> fields;
    private long value;

    public Register(String name, List<Field> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
    }

    /** A register with the same fields and value (the fields are immutable and shared). */
    public Register copy(CopyContext ctx) {
        return ctx.copy(this, c -> {
            Register r = new Register(name, fields);
            r.value = value;
            return r;
        });
    }

    /** Takes the value of {@code o}, a register of the same layout (a copied device descriptor). */
    void copyValueFrom(Register o) {
        this.value = o.value;
    }

    public String name() {
        return name;
    }

    public long value() {
        return value;
    }

    public long get(String field) {
        Field f = field(field);
        return (value & f.mask()) >>> f.lo();
    }

    public boolean isSet(String field) {
        return get(field) != 0;
    }

    public void set(String field, long fieldValue) {
        Field f = field(field);
        long shifted = (fieldValue << f.lo()) & f.mask();
        if ((shifted >>> f.lo()) != fieldValue) {
            throw new IllegalArgumentException(fieldValue + " does not fit in " + name + "." + field);
        }
        value = (value & ~f.mask()) | shifted;
    }

    /** The fields with their current values, for the inspector. */
    public List<EntryField> decode() {
        List<EntryField> out = new ArrayList<>();
        for (Field f : fields) {
            out.add(new EntryField(f.name(), f.hi(), f.lo(), (value & f.mask()) >>> f.lo(), f.meaning()));
        }
        return out;
    }

    private Field field(String fieldName) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        throw new IllegalArgumentException(name + " has no field " + fieldName);
    }

    @Override
    public String toString() {
        return String.format("%s=0x%016x", name, value);
    }
}
