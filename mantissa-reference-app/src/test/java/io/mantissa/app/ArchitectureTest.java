package io.mantissa.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enforces the module graph of DESIGN §2 and the conventions of DESIGN §7, on the compiled classes
 * of every module and on the Maven POMs.
 */
class ArchitectureTest {

  /** Module → the Java packages it owns. */
  private static final Map<String, List<String>> PACKAGES = new LinkedHashMap<>();

  /** Module → the Mantissa modules it may depend on (DESIGN §2). */
  private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

  static {
    module("mantissa-api", List.of("io.mantissa.api", "io.mantissa.spi"));
    // the testkit holds the Sigma rule test harness (SigmaRuleTests), so it may use mantissa-sigma
    module("mantissa-testkit", List.of("io.mantissa.testkit"), "mantissa-api", "mantissa-sigma");
    module("mantissa-sources", List.of("io.mantissa.sources"), "mantissa-api");
    module("mantissa-sigma", List.of("io.mantissa.sigma"), "mantissa-api");
    module("mantissa-itdr", List.of("io.mantissa.itdr"), "mantissa-api", "mantissa-sigma");
    module("mantissa-nlq", List.of("io.mantissa.nlq"), "mantissa-api", "mantissa-sigma");
    module("mantissa-alerting", List.of("io.mantissa.alerting"), "mantissa-api");
    module("mantissa-apm", List.of("io.mantissa.apm"), "mantissa-api", "mantissa-sigma");
    module("mantissa-soar", List.of("io.mantissa.soar"), "mantissa-api");
    for (String cloud : List.of("local", "aws", "gcp", "azure")) {
      module(
          "mantissa-backend-" + cloud,
          List.of("io.mantissa.backend." + cloud),
          "mantissa-api",
          "mantissa-sigma");
    }
    Set<String> everything = new TreeSet<>(PACKAGES.keySet());
    module("mantissa-reference-app", List.of("io.mantissa.app"), everything.toArray(String[]::new));
    module(
        "mantissa-benchmarks",
        List.of("io.mantissa.benchmarks"),
        everything.toArray(String[]::new));
  }

  private static void module(String name, List<String> packages, String... allowed) {
    PACKAGES.put(name, packages);
    ALLOWED.put(name, Set.of(allowed));
  }

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mantissa");
  }

  @Test
  void theImportSeesEveryModuleWithCode() {
    Set<String> packages =
        classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
    assertThat(packages)
        .contains(
            "io.mantissa.api",
            "io.mantissa.spi.storage",
            "io.mantissa.backend.local",
            "io.mantissa.sources",
            "io.mantissa.sigma",
            "io.mantissa.alerting",
            "io.mantissa.itdr",
            "io.mantissa.testkit",
            "io.mantissa.app");
  }

  @Test
  void apiDependsOnTheJdkOnly() {
    noClasses()
        .that()
        .resideInAnyPackage("io.mantissa.api..", "io.mantissa.spi..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "java..", "javax.crypto..", "io.mantissa.api..", "io.mantissa.spi..")
        .because("mantissa-api has no runtime dependency beyond the JDK (DESIGN §7.1)")
        .check(classes);
  }

  @Test
  void modulesDependOnlyOnTheModulesTheGraphAllows() {
    ALLOWED.forEach(
        (module, allowed) -> {
          List<String> forbidden = new ArrayList<>();
          PACKAGES.forEach(
              (other, packages) -> {
                if (!other.equals(module) && !allowed.contains(other)) {
                  packages.forEach(p -> forbidden.add(p + ".."));
                }
              });
          if (forbidden.isEmpty()) {
            return;
          }
          noClasses()
              .that()
              .resideInAnyPackage(packagesOf(module))
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(forbidden.toArray(String[]::new))
              .because(module + " may depend only on " + allowed + " (DESIGN §2)")
              .allowEmptyShould(true)
              .check(classes);
        });
  }

  @Test
  void noModuleUsesAnotherModulesInternalPackages() {
    PACKAGES.forEach(
        (module, packages) ->
            noClasses()
                .that()
                .resideInAnyPackage(packagesOf(module))
                .should()
                .dependOnClassesThat(internalOutside(packages))
                .because("internal packages are never used across modules (DESIGN §7.1)")
                .allowEmptyShould(true)
                .check(classes));
  }

  @Test
  void libraryCodeNeverWritesToStandardStreams() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.mantissa.app..", "io.mantissa.benchmarks..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(Throwable.class, "printStackTrace")
        .because("library code logs through SLF4J (DESIGN §7.7)")
        .check(classes);
  }

  @Test
  void mavenModulesDeclareOnlyAllowedMantissaDependencies() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Pattern dependency =
        Pattern.compile(
            "<dependency>\\s*<groupId>io\\.mantissa</groupId>\\s*<artifactId>([a-z-]+)</artifactId>"
                + "(.*?)</dependency>",
            Pattern.DOTALL);
    for (Map.Entry<String, Set<String>> entry : ALLOWED.entrySet()) {
      Path pom = root.resolve(entry.getKey()).resolve("pom.xml");
      assertThat(pom).as("module %s exists", entry.getKey()).exists();
      Matcher m = dependency.matcher(Files.readString(pom));
      while (m.find()) {
        boolean testScope = m.group(2).contains("<scope>test</scope>");
        if (!testScope) {
          assertThat(entry.getValue())
              .as("%s may not depend on %s (DESIGN §2)", entry.getKey(), m.group(1))
              .contains(m.group(1));
        }
      }
    }
  }

  @Test
  void apiPomHasNoRuntimeDependency() throws IOException {
    String pom = Files.readString(Path.of("..", "mantissa-api", "pom.xml"));
    Matcher m = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
    while (m.find()) {
      assertThat(m.group(1)).as("mantissa-api dependency").contains("<scope>test</scope>");
    }
  }

  private static String[] packagesOf(String module) {
    return PACKAGES.get(module).stream().map(p -> p + "..").toArray(String[]::new);
  }

  private static DescribedPredicate<JavaClass> internalOutside(List<String> own) {
    return DescribedPredicate.describe(
        "internal classes of other modules",
        c ->
            c.getPackageName().startsWith("io.mantissa.")
                && (c.getPackageName().contains(".internal.")
                    || c.getPackageName().endsWith(".internal"))
                && own.stream()
                    .noneMatch(
                        p ->
                            c.getPackageName().equals(p)
                                || c.getPackageName().startsWith(p + ".")));
  }
}
