package io.stategrid;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md rule 1: public API never exposes an impl or internal type. */
class ApiBoundaryTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stategrid");

    @Test
    void publicApiMethodsNeverReturnImplTypes() {
        methods()
                .that()
                .arePublic()
                .and()
                .areDeclaredInClassesThat(not(resideInAnyPackage("..impl..", "..internal..")))
                .should()
                .haveRawReturnType(not(resideInAnyPackage("..impl..", "..internal..")))
                .check(CLASSES);
    }

    @Test
    void internalsNeverDependOnEachOthersTests() {
        noClasses()
                .that()
                .resideInAnyPackage("io.stategrid..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.junit..")
                .check(CLASSES);
    }
}
