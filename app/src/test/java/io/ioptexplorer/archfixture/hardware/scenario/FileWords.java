package io.ioptexplorer.archfixture.hardware.scenario;

/** Fixture: stands in for the scenario layer (the file's words). */
public final class FileWords {
    private FileWords() {
    }

    public static String model() {
        return "amd-v1";
    }
}
