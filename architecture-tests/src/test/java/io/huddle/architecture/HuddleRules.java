package io.huddle.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Huddle's architecture rules for a code base rooted at {@code root}: {@code io.huddle} for the real
 * modules, a fixture package for the tests that show each rule failing on code that breaks it.
 */
final class HuddleRules {
    private final String root;

    private HuddleRules(String root) {
        this.root = root;
    }

    static HuddleRules under(String root) {
        return new HuddleRules(root);
    }

    private String domain() {
        return root + ".domain..";
    }

    private String application() {
        return root + ".application..";
    }

    private String adapter(String name) {
        return root + ".adapters." + name + "..";
    }

    private String[] apps() {
        return new String[] {root + ".runtime..", root + ".gateway..", root + ".worker.."};
    }

    ArchRule domainDependsOnlyOnTheJdk() {
        return classes()
                .that()
                .resideInAPackage(domain())
                .should()
                .onlyDependOnClassesThat(
                        resideInAnyPackage(domain(), "java..").and(not(resideInAPackage("java.sql.."))))
                .because("the model and its rules are plain Java: no framework, logging, JSON, JDBC or Redis")
                .allowEmptyShould(true);
    }

    ArchRule applicationDependsOnlyOnTheDomainAndTheJdk() {
        return classes()
                .that()
                .resideInAPackage(application())
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(application(), domain(), "java..")
                .because("use cases and ports must not know which infrastructure runs them")
                .allowEmptyShould(true);
    }

    ArchRule adaptersNeverDependOnEachOther() {
        return slices().matching(root + ".adapters.(*)..")
                .should()
                .notDependOnEachOther()
                .because("each adapter implements ports on its own; only the apps combine them")
                .allowEmptyShould(true);
    }

    ArchRule adaptersNeverDependOnTheApps() {
        return noClasses()
                .that()
                .resideInAPackage(root + ".adapters..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(apps())
                .because("the apps wire adapters, never the other way round")
                .allowEmptyShould(true);
    }

    ArchRule onlyTheAppsDependOnMoreThanOneAdapter() {
        return classes()
                .that()
                .resideOutsideOfPackages(apps())
                .should(dependOnAtMostOneAdapter())
                .because("knowing several adapters is wiring, and wiring lives in the apps")
                .allowEmptyShould(true);
    }

    ArchRule layersPointInwards() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Domain")
                .definedBy(domain())
                .layer("Application")
                .definedBy(application())
                .layer("Redis")
                .definedBy(adapter("redis"))
                .layer("Postgres")
                .definedBy(adapter("postgres"))
                .layer("Web")
                .definedBy(adapter("web"))
                .layer("Apps")
                .definedBy(apps())
                .whereLayer("Apps")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Redis")
                .mayOnlyBeAccessedByLayers("Apps")
                .whereLayer("Postgres")
                .mayOnlyBeAccessedByLayers("Apps")
                .whereLayer("Web")
                .mayOnlyBeAccessedByLayers("Apps")
                .whereLayer("Application")
                .mayOnlyBeAccessedByLayers("Redis", "Postgres", "Web", "Apps")
                .whereLayer("Domain")
                .mayOnlyBeAccessedByLayers("Application", "Redis", "Postgres", "Web", "Apps")
                .because("dependencies point inwards: apps -> adapters -> application -> domain")
                .allowEmptyShould(true);
    }

    ArchRule everyClassBelongsToALayer() {
        var layers = new String[] {
            domain(),
            application(),
            adapter("redis"),
            adapter("postgres"),
            adapter("web"),
            apps()[0],
            apps()[1],
            apps()[2]
        };
        return classes()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .resideInAnyPackage(layers)
                .because("a class outside every layer would escape the layer rules")
                .allowEmptyShould(true);
    }

    ArchRule redisClientOnlyInTheRedisAdapter() {
        return libraryOnlyIn(adapter("redis"), "Jedis", "redis.clients..");
    }

    ArchRule databaseLibrariesOnlyInThePostgresAdapter() {
        return libraryOnlyIn(
                adapter("postgres"),
                "JDBC pool, Jdbi, Flyway and the driver",
                "org.jdbi..",
                "com.zaxxer..",
                "org.flywaydb..",
                "org.postgresql..");
    }

    ArchRule webServerOnlyInTheWebAdapter() {
        return libraryOnlyIn(adapter("web"), "Javalin and Jetty", "io.javalin..", "org.eclipse.jetty..");
    }

    ArchRule topLevelPackagesAreFreeOfCycles() {
        return slices().matching(root + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a cycle between modules or packages makes them one thing that cannot change alone")
                .allowEmptyShould(true);
    }

    ArchRule coreReadsTimeFromOutside() {
        return noClasses()
                .that()
                .resideInAnyPackage(domain(), application())
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .callMethod(LocalDate.class, "now")
                .orShould()
                .callMethod(ZonedDateTime.class, "now")
                .orShould()
                .callMethod(OffsetDateTime.class, "now")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(InstantSource.class, "system")
                .because("expiry and inactivity must run against a fixed clock in tests: time comes in from outside")
                .allowEmptyShould(true);
    }

    private ArchRule libraryOnlyIn(String home, String what, String... libraryPackages) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(home)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(libraryPackages)
                .because(what + " stay inside " + home + ", so replacing one touches one module")
                .allowEmptyShould(true);
    }

    private ArchCondition<JavaClass> dependOnAtMostOneAdapter() {
        String adapters = root + ".adapters.";
        return new ArchCondition<>("depend on at most one adapter") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                var used = new TreeSet<String>();
                for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                    adapterOf(dependency.getTargetClass().getPackageName(), adapters)
                            .ifPresent(used::add);
                }
                adapterOf(javaClass.getPackageName(), adapters).ifPresent(used::add);
                boolean satisfied = used.size() <= 1;
                events.add(new SimpleConditionEvent(
                        javaClass,
                        satisfied,
                        javaClass.getName() + " depends on the adapters " + used + " (only the apps may)"));
            }
        };
    }

    private static Optional<String> adapterOf(String packageName, String adaptersPrefix) {
        if (!packageName.startsWith(adaptersPrefix)) return Optional.empty();
        String rest = packageName.substring(adaptersPrefix.length());
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}
