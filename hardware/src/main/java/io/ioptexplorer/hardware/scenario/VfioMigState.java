package io.ioptexplorer.hardware.scenario;

/** enum vfio_device_mig_state, written as in the kernel header without the prefix: {@code STOP_COPY}. */
public enum VfioMigState implements YamlName {
    ERROR, STOP, RUNNING, STOP_COPY, RESUMING, RUNNING_P2P, PRE_COPY, PRE_COPY_P2P;

    @Override
    public String yamlName() {
        return name();
    }
}
