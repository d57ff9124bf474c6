package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import java.util.Locale;

/** An enum constant as written in topology files: lower case, '-' for '_' ({@code STOP_COPY} is {@code stop-copy}). */
public interface YamlName {
    default String yamlName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The file spelling of any enum constant: its own {@link #yamlName()} when it has one, otherwise the constant's
     * name as is (enums from the kernel interfaces, such as {@code VfioMigState}, are written like the kernel writes
     * them: {@code STOP_COPY}).
     */
    static String of(Enum<?> e) {
        return e instanceof YamlName y ? y.yamlName() : e.name();
    }
}
