package dev.decisioning.server;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The server's boundaries: it reaches the engine through its API (and the loaders, store, request reading, scenario
 * runner and budget it is handed), never through the Drools adapter or the engine's inner parts, and its own packages
 * form no cycle.
 */
class ArchitectureTest {
    static final String SERVER = "dev.decisioning.server";
    private static final String ENGINE = "dev.decisioning.engine";

    static final ArchRule SERVER_USES_THE_ENGINE_API = noClasses()
            .that().resideInAPackage(SERVER + "..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    ENGINE + ".drools..", ENGINE + ".pipeline..", ENGINE + ".workarounds..", ENGINE + ".validation..",
                    ENGINE + ".tableindex..", ENGINE + ".lifecycle..", ENGINE + ".formats..",
                    "org.kie..", "org.drools..")
            .because("the server is one caller of the engine among others: it gets a DecisionEngine from "
                    + "EmbeddedEngine.start and calls the part it needs, so the engine's inside, Drools included, "
                    + "can change without the server noticing");

    static final ArchRule NO_CYCLES_BETWEEN_PACKAGES = slices()
            .assignedFrom(packagesUnder(SERVER))
            .should().beFreeOfCycles()
            .because("start-up and settings sit above the HTTP layer, the HTTP layer above its error and wire "
                    + "vocabulary; a cycle would let any of them change the others");

    /** The server's own classes, without its tests. */
    private static JavaClasses server;

    @BeforeAll
    static void importServer() {
        server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(SERVER);
    }

    @Test
    void serverUsesTheEngineApi() {
        SERVER_USES_THE_ENGINE_API.check(server);
    }

    @Test
    void noCyclesBetweenPackages() {
        NO_CYCLES_BETWEEN_PACKAGES.check(server);
    }

    /**
     * One slice per package directly below {@code base} (with its own subpackages), and one for {@code base} itself:
     * {@code slices().matching(base + ".(*)..")} leaves the classes of {@code base} out of every slice, and with them
     * any cycle that runs through them.
     */
    static SliceAssignment packagesUnder(String base) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals(base)) {
                    return SliceIdentifier.of(base);
                }
                if (!name.startsWith(base + ".")) {
                    return SliceIdentifier.ignore();
                }
                String below = name.substring(base.length() + 1);
                int dot = below.indexOf('.');
                return SliceIdentifier.of(base + "." + (dot < 0 ? below : below.substring(0, dot)));
            }

            @Override
            public String getDescription() {
                return base + " and each package directly below it";
            }
        };
    }
}
