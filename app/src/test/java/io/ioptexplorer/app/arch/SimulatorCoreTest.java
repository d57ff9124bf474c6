package io.ioptexplorer.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scenario and run packages live in {@code hardware} (the user's layout), but the simulator core never depends on
 * them nor on a file format: the kernel's rules are written once, in the core, and the file layer asks it.
 */
class SimulatorCoreTest {
    /** The simulated machine: page tables, IOMMUs, iommufd, VFIO, the VMM, KVM, memory and bitmaps. */
    static final List<String> CORE = List.of("pagetable", "iommu", "iommufd", "vfio", "vmm", "machine", "device",
            "kvm", "memory", "bitmap");

    static ArchRule coreIsFreeOfTheFileLayer(String root) {
        String[] core = CORE.stream().map(p -> root + ".hardware." + p + "..").toArray(String[]::new);
        return noClasses().that().resideInAnyPackage(core)
                .should().dependOnClassesThat().resideInAnyPackage(root + ".hardware.scenario..",
                        root + ".hardware.run..", "com.fasterxml.jackson..", "org.yaml.snakeyaml..")
                .because("the simulator is the one source of truth for kernel rules; the file layer asks it, never"
                        + " the other way round (issue 10)");
    }

    @Test
    void simulatorCoreIsFreeOfScenarioRunJacksonAndSnakeYaml() {
        coreIsFreeOfTheFileLayer("io.ioptexplorer").check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.ioptexplorer"));
    }

    /** Not vacuous: the fixture's core class uses the scenario layer and Jackson, and the rule names it. */
    @Test
    void ruleFailsWhenBroken() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.ioptexplorer.archfixture");
        assertThatThrownBy(() -> coreIsFreeOfTheFileLayer("io.ioptexplorer.archfixture").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ScenarioLeak")
                .hasMessageContaining("FileWords").hasMessageContaining("com.fasterxml.jackson.databind.ObjectMapper");
    }
}
