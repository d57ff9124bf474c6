package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every operation of the registry (StepOps.REGISTRY) has exactly one handler that executes it. */
class StepHandlersTest {

    @Test
    void everyRegistryOperationHasItsHandler() {
        // class initialisation throws when one is missing or extra; this forces it and asks
        assertThat(StepHandlers.coversRegistry()).isTrue();
    }
}
