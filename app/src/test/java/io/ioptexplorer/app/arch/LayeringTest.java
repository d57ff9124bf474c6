package io.ioptexplorer.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: app → viewmodel → hardware. The simulated machine imports nothing from JavaFX; the
 * view models only {@code javafx.base} (beans, collections), never {@code javafx.scene}.
 */
class LayeringTest {

    static ArchRule hardwareImportsNoJavaFx(String root) {
        return noClasses().that().resideInAPackage(root + ".hardware..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("the simulated machine must run without any UI toolkit (design.md, Layout)");
    }

    static ArchRule viewModelImportsNoScene(String root) {
        return noClasses().that().resideInAPackage(root + ".viewmodel..")
                .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
                .because("view models are tested with plain JUnit, no toolkit running (design.md)");
    }

    static ArchRule lowerLayersDoNotReachUp(String root) {
        return noClasses().that().resideInAnyPackage(root + ".hardware..", root + ".viewmodel..")
                .should().dependOnClassesThat().resideInAPackage(root + ".app..")
                .because("dependencies point one way: app -> viewmodel -> hardware");
    }

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ioptexplorer");

    @Test
    void hardwareIsFreeOfJavaFx() {
        hardwareImportsNoJavaFx("io.ioptexplorer").check(PRODUCT);
    }

    @Test
    void viewModelsStayOffTheSceneGraph() {
        viewModelImportsNoScene("io.ioptexplorer").check(PRODUCT);
    }

    @Test
    void nothingBelowTheAppDependsOnIt() {
        lowerLayersDoNotReachUp("io.ioptexplorer").check(PRODUCT);
    }

    /** The rules are not vacuous: the fixture packages break each of them on purpose, and the rules catch it. */
    @Test
    void rulesFailWhenBroken() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.ioptexplorer.archfixture");
        assertThatThrownBy(() -> hardwareImportsNoJavaFx("io.ioptexplorer.archfixture").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ToolkitLeak");
        assertThatThrownBy(() -> viewModelImportsNoScene("io.ioptexplorer.archfixture").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SceneLeak");
        assertThatThrownBy(() -> lowerLayersDoNotReachUp("io.ioptexplorer.archfixture").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("UpwardReach")
                .hasMessageContaining("FixtureWindow");
    }
}
