package dev.decisioning.engine;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.decisioning.engine.drools.DroolsDecisionEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's package boundaries: an API that names no implementation, a lifecycle and a table index that know no
 * Drools type, no cycles between packages, and one place that names the Drools implementation.
 */
class ArchitectureTest {
    static final String ENGINE = "dev.decisioning.engine";
    private static final String[] DROOLS = {"org.kie..", "org.drools.."};

    /** Classes in a package below the engine's own (its API): everything but the API itself. */
    private static final DescribedPredicate<JavaClass> IN_AN_ENGINE_SUBPACKAGE =
            DescribedPredicate.describe("reside in a package below " + ENGINE,
                    javaClass -> javaClass.getPackageName().startsWith(ENGINE + "."));

    static final ArchRule API_NAMES_NO_IMPLEMENTATION = noClasses()
            .that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat(IN_AN_ENGINE_SUBPACKAGE)
            .orShould().dependOnClassesThat().resideInAnyPackage(DROOLS)
            .because("callers program against the API alone (Decisions, RuleSetLifecycle, Replication and their "
                    + "records); what stands behind it, Drools included, can change without touching a caller");

    static final ArchRule LIFECYCLE_KNOWS_NO_DROOLS = noClasses()
            .that().resideInAPackage(ENGINE + ".lifecycle..")
            .should().dependOnClassesThat().resideInAnyPackage(DROOLS)
            .because("publishing, activating and following versions is the same whatever compiles the rules; "
                    + "compiling reaches it only through RuleSetCompilation and CompiledVersion");

    static final ArchRule TABLE_INDEX_IS_PLAIN_JAVA = noClasses()
            .that().resideInAPackage(ENGINE + ".tableindex..")
            .should().dependOnClassesThat().resideInAnyPackage(DROOLS)
            .because("the index reads entries and picks rows on its own; only the workaround that plugs it into "
                    + "Drools (TableIndexing, IndexedTableInvoker) may reach into Drools' internals");

    static final ArchRule NO_CYCLES_BETWEEN_PACKAGES = slices()
            .assignedFrom(packagesUnder(ENGINE))
            .should().beFreeOfCycles()
            .because("each package can then be read, tested and replaced from the bottom up");

    static final ArchRule ONLY_THE_STARTER_NAMES_THE_IMPLEMENTATION = noClasses()
            .that().resideOutsideOfPackages(ENGINE + ".embedded..", ENGINE + ".drools..")
            .should().dependOnClassesThat().belongToAnyOf(DroolsDecisionEngine.class)
            .because("EmbeddedEngine.start is the one place that picks the implementation; everything else is "
                    + "handed a DecisionEngine or the part of it it calls");

    /** The engine's own classes, without its tests. */
    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ENGINE);
    }

    @Test
    void apiNamesNoImplementation() {
        API_NAMES_NO_IMPLEMENTATION.check(engine);
    }

    @Test
    void lifecycleKnowsNoDrools() {
        LIFECYCLE_KNOWS_NO_DROOLS.check(engine);
    }

    @Test
    void tableIndexIsPlainJava() {
        TABLE_INDEX_IS_PLAIN_JAVA.check(engine);
    }

    @Test
    void noCyclesBetweenPackages() {
        NO_CYCLES_BETWEEN_PACKAGES.check(engine);
    }

    @Test
    void onlyTheStarterNamesTheImplementation() {
        ONLY_THE_STARTER_NAMES_THE_IMPLEMENTATION.check(engine);
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
