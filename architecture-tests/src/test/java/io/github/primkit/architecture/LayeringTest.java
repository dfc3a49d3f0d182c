package io.github.primkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The layering Primkit promises, checked over the main classes of every module (this module depends on all of them).
 * Strict: no exemption lists, no frozen baselines.
 *
 * <ul>
 *   <li>A pattern depends on {@code core} only: never on another pattern, the server, the testing module, the
 *       starter or the examples.</li>
 *   <li>{@code core} depends on no other Primkit module; {@code testing} on none either (it must stay usable on its
 *       own, and core's own tests use it).</li>
 *   <li>Only tools (examples, bench, testing) may use the bundled server; libraries never do.</li>
 *   <li>{@code internal} packages are private to their module.</li>
 *   <li>No cycles between modules or between packages (a module's {@code internal} package counts as part of its
 *       parent package: the API and its implementations refer to each other by design).</li>
 * </ul>
 */
class LayeringTest {
    static final String ROOT = "io.github.primkit";
    static final List<String> PATTERNS = List.of("lock", "ratelimit", "leaderboard", "cache", "queue", "geo");
    static final List<String> MODULES = List.of("core", "testing", "server", "lock", "ratelimit", "leaderboard",
            "cache", "queue", "geo", "spring", "examples", "bench");

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    static String pkg(String module) {
        return ROOT + "." + module + "..";
    }

    @ParameterizedTest(name = "pattern {0} depends on core only")
    @FieldSource("PATTERNS")
    void patternDependsOnCoreOnly(String pattern) {
        String[] forbidden = MODULES.stream().filter(m -> !m.equals(pattern) && !m.equals("core"))
                .map(LayeringTest::pkg).toArray(String[]::new);
        ArchRule rule = noClasses().that().resideInAPackage(pkg(pattern))
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .allowEmptyShould(true); // modules whose issue has not come yet hold only package-info
        rule.check(classes);
    }

    @Test
    void coreDependsOnNoOtherPrimkitModule() {
        String[] others = MODULES.stream().filter(m -> !m.equals("core")).map(LayeringTest::pkg)
                .toArray(String[]::new);
        noClasses().that().resideInAPackage(pkg("core"))
                .should().dependOnClassesThat().resideInAnyPackage(others).check(classes);
    }

    @Test
    void testingDependsOnNoOtherPrimkitModuleExceptTheBundledServer() {
        String[] others = MODULES.stream().filter(m -> !m.equals("testing") && !m.equals("server"))
                .map(LayeringTest::pkg).toArray(String[]::new);
        noClasses().that().resideInAPackage(pkg("testing"))
                .should().dependOnClassesThat().resideInAnyPackage(others).check(classes);
    }

    @Test
    void onlyToolsUseTheBundledServer() {
        noClasses().that().resideOutsideOfPackages(pkg("server"), pkg("examples"), pkg("bench"), pkg("testing"))
                .should().dependOnClassesThat().resideInAPackage(pkg("server"))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void theServerDependsOnNoPattern() {
        String[] others = MODULES.stream().filter(m -> !m.equals("server")).map(LayeringTest::pkg)
                .toArray(String[]::new);
        noClasses().that().resideInAPackage(pkg("server"))
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .allowEmptyShould(true)
                .check(classes);
    }

    @ParameterizedTest(name = "internal packages of {0} are private to it")
    @FieldSource("MODULES")
    void internalPackagesArePrivateToTheirModule(String module) {
        classes().that().resideInAPackage(ROOT + "." + module + ".internal..")
                .should().onlyBeAccessed().byClassesThat().resideInAPackage(pkg(module))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void noCyclesBetweenModules() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * No cycles between packages, where a module's {@code internal} package counts as part of the package above it:
     * the API creates its implementations (API to internal) and they implement the API (internal to API), by design.
     */
    @Test
    void noCyclesBetweenPackages() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (!name.startsWith(ROOT + ".")) {
                    return SliceIdentifier.ignore();
                }
                return SliceIdentifier.of(name.substring(ROOT.length() + 1).replace(".internal", ""));
            }

            @Override
            public String getDescription() {
                return "Primkit packages, internal folded into its parent";
            }
        }).should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyModuleIsImported() {
        // Guards the rules above against silently checking nothing.
        for (String module : List.of("core", "testing")) {
            org.assertj.core.api.Assertions.assertThat(classes.stream()
                    .filter(c -> c.getPackageName().startsWith(ROOT + "." + module)).count())
                    .as("classes imported from module %s", module).isGreaterThan(3);
        }
    }
}
