package io.ioptexplorer.hardware.scenario;

import java.util.Locale;

/** An enum constant as written in topology files: lower case, '-' for '_' ({@code STOP_COPY} is {@code stop-copy}). */
public interface YamlName {
    default String yamlName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
