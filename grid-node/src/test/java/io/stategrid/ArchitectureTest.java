package io.stategrid;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.stategrid.internal.GridModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of every module, checked on each build: API packages ({@code io.stategrid.<domain>})
 * show only API; a domain's implementation ({@code io.stategrid.<domain>.impl}) is reached by no one outside
 * the domain and offers one public class, its {@link GridModule}; shared internals live in {@code
 * io.stategrid.internal}; no package cycle anywhere; no main class grows past {@value #MAX_LINES} lines.
 */
class ArchitectureTest {
    /** The API packages of the SDK; sub-packages of these in other modules (the persistence layer) are not API. */
    static final List<String> API_PACKAGES = List.of(
            "io.stategrid",
            "io.stategrid.cache",
            "io.stategrid.channel",
            "io.stategrid.client",
            "io.stategrid.counter",
            "io.stategrid.document",
            "io.stategrid.lock",
            "io.stategrid.persistence",
            "io.stategrid.presence",
            "io.stategrid.ratelimit",
            "io.stategrid.session");

    static final int MAX_LINES = 400;

    private static final Pattern IMPL_PACKAGE = Pattern.compile("io\\.stategrid\\.([a-z]+)\\.impl(\\..*)?");

    /** Public, and so is every class it is nested in. */
    private static final DescribedPredicate<JavaClass> REACHABLE_FROM_OTHER_PACKAGES =
            DescribedPredicate.describe("are reachable from other packages", ArchitectureTest::reachable);

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.stategrid");

    /** Every module's main classes are on this test's class path: a guard that saw only one module would pass too easily. */
    @Test
    void seesEveryModule() {
        assertThat(MAIN.containPackage("io.stategrid.session.impl")).isTrue();
        assertThat(MAIN.containPackage("io.stategrid.persistence.store")).isTrue();
        assertThat(MAIN.containPackage("io.stategrid.edge.realtime")).isTrue();
    }

    @Test
    void noClassOutsideADomainReachesIntoItsImplementation() {
        classes()
                .should(new ArchCondition<JavaClass>("depend on a domain's impl package only from within that domain") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            Matcher target = IMPL_PACKAGE.matcher(
                                    dependency.getTargetClass().getPackageName());
                            if (!target.matches()) {
                                continue;
                            }
                            String domain = "io.stategrid." + target.group(1);
                            String from = origin.getPackageName();
                            boolean sameDomain = from.equals(domain) || from.startsWith(domain + ".");
                            boolean viaModule = from.equals(domain)
                                    && dependency.getTargetClass().isAssignableTo(GridModule.class);
                            boolean inImpl = from.startsWith(domain + ".impl");
                            if (!sameDomain || !(inImpl || viaModule)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .check(MAIN);
    }

    @Test
    void anImplementationPackageOffersOnlyItsModule() {
        classes()
                .that()
                .resideInAPackage("io.stategrid.*.impl..")
                .and(REACHABLE_FROM_OTHER_PACKAGES)
                .should()
                .beAssignableTo(GridModule.class)
                .because("a domain's implementation is package-private behind one public module")
                .check(MAIN);
        Map<String, List<String>> modulesByPackage = MAIN.stream()
                .filter(c -> IMPL_PACKAGE.matcher(c.getPackageName()).matches())
                .filter(REACHABLE_FROM_OTHER_PACKAGES)
                .collect(Collectors.groupingBy(
                        JavaClass::getPackageName,
                        TreeMap::new,
                        Collectors.mapping(JavaClass::getSimpleName, Collectors.toList())));
        assertThat(modulesByPackage)
                .allSatisfy((pkg, publicClasses) -> assertThat(publicClasses)
                        .as("public classes of %s", pkg)
                        .hasSize(1));
    }

    @Test
    void apiPackagesDependOnNoInternalPackage() {
        noClasses()
                .that(inApiPackage())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.stategrid.internal..")
                .check(MAIN);
    }

    @Test
    void publicApiMethodsExposeNoImplOrInternalType() {
        methods()
                .that()
                .arePublic()
                .and()
                .areDeclaredInClassesThat(inApiPackage())
                .should(new ArchCondition<JavaMethod>("expose only API types in their signature") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        Stream.concat(Stream.of(method.getRawReturnType()), method.getRawParameterTypes().stream())
                                .filter(type -> type.getPackageName().startsWith("io.stategrid.internal")
                                        || IMPL_PACKAGE
                                                .matcher(type.getPackageName())
                                                .matches())
                                .forEach(type -> events.add(SimpleConditionEvent.violated(
                                        method, method.getFullName() + " exposes " + type.getName())));
                    }
                })
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.stategrid.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void mainCodeNeverDependsOnTestLibraries() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.junit..", "org.assertj..", "org.awaitility..")
                .check(MAIN);
    }

    @Test
    void noMainClassPassesTheLineLimit() throws IOException {
        try (Stream<Path> files = mainSources()) {
            assertThat(files.filter(file -> lines(file) > MAX_LINES).map(Path::toString))
                    .as("main classes over %d lines hold two ideas: split them", MAX_LINES)
                    .isEmpty();
        }
    }

    @Test
    void mainCodeImportsInsteadOfSpellingOutTypeNames() throws IOException {
        Pattern qualified = Pattern.compile(
                "(?<![\\w.\"@])(io\\.stategrid|com\\.hazelcast|io\\.vertx|io\\.micrometer|java|javax)(\\.[a-z]\\w*)+\\.[A-Z]");
        try (Stream<Path> files = mainSources()) {
            List<String> offenders = files.flatMap(file -> {
                        try (Stream<String> lines = Files.lines(file)) {
                            return lines
                                    .map(String::strip)
                                    .filter(line -> !line.startsWith("import ")
                                            && !line.startsWith("package ")
                                            && !line.startsWith("*")
                                            && !line.startsWith("/*")
                                            && !line.startsWith("//"))
                                    .filter(line -> qualified.matcher(line).find())
                                    .map(line -> file.getFileName() + ": " + line)
                                    .toList()
                                    .stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static boolean reachable(JavaClass c) {
        return c.getModifiers().contains(JavaModifier.PUBLIC)
                && c.getEnclosingClass().map(ArchitectureTest::reachable).orElse(true);
    }

    private static DescribedPredicate<JavaClass> inApiPackage() {
        return DescribedPredicate.describe("reside in an API package", c -> API_PACKAGES.contains(c.getPackageName()));
    }

    private static Stream<Path> mainSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        return Stream.of("client-sdk", "loaders", "grid-node", "bench")
                .map(module -> root.resolve(module).resolve("src/main/java"))
                .filter(Files::isDirectory)
                .flatMap(dir -> {
                    try {
                        return Files.walk(dir).filter(f -> f.toString().endsWith(".java")).toList().stream();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
