package io.huddle.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
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
                .mayOnlyBeAccessedByLayers("Web", "Apps")
                .whereLayer("Domain")
                .mayOnlyBeAccessedByLayers("Application", "Redis", "Postgres", "Web", "Apps")
                .because(
                        "dependencies point inwards: apps -> adapters -> domain, and the web edge -> application -> domain;"
                                + " the stores implement the domain's ports and know no use case")
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

    /** A port is what an adapter (or an in-memory stand-in) implements: it must be an interface in the domain. */
    ArchRule portsAreInterfaces() {
        return classes()
                .that()
                .resideInAPackage(domain())
                .and(implementedOutsideTheDomain())
                .should()
                .beInterfaces()
                .because("the domain owns its ports as interfaces; adapters implement them, never extend a class")
                .allowEmptyShould(true);
    }

    ArchRule noJavaUtilLogging() {
        return noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.util.logging..")
                .because("java.util.logging would print beside the JSON log, unredacted; log through SLF4J")
                .allowEmptyShould(true);
    }

    /**
     * {@link System.Logger} only in the application, which depends on the JDK alone: the platform-logging
     * bridge routes its lines to SLF4J. Everything else logs through SLF4J directly.
     */
    ArchRule systemLoggerOnlyInTheApplication() {
        return noClasses()
                .that()
                .resideOutsideOfPackage(application())
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(System.Logger.class, System.LoggerFinder.class)
                .because("outside the application every class logs through SLF4J; System.Logger is the application's"
                        + " JDK-only way in, bridged to SLF4J")
                .allowEmptyShould(true);
    }

    ArchRule noFieldInjection() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION
                .because("dependencies come in through constructors, wired with plain code")
                .allowEmptyShould(true);
    }

    ArchRule noGenericExceptions() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS
                .because("a failure says what it is (IllegalStateException, StoreUnavailable, …), so callers can tell"
                        + " them apart")
                .allowEmptyShould(true);
    }

    /**
     * No {@code System.out}/{@code System.err}: output goes through the log (JSON, redacted). Only the
     * launcher prints, its one line for a bad setting (PROTOCOL.md section 9), and the bench its results.
     */
    ArchRule noStandardStreams() {
        return noClasses()
                .that()
                .resideOutsideOfPackage(root + ".bench..")
                .and()
                .doNotHaveFullyQualifiedName(root + ".runtime.Launcher")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("what a process says goes through the log, where it is JSON and redacted")
                .allowEmptyShould(true);
    }

    /** Cycles between the packages of one module (domain.session and domain.member, ws and session, …). */
    ArchRule packagesInsideEachModuleAreFreeOfCycles() {
        return slices().matching(root + ".(*).(*)..")
                .should()
                .beFreeOfCycles()
                .because("a package is a unit a reader can understand alone; a cycle makes two of them one")
                .allowEmptyShould(true);
    }

    ArchRule packagesInsideEachAdapterAreFreeOfCycles() {
        return slices().matching(root + ".adapters.(*).(*)..")
                .should()
                .beFreeOfCycles()
                .because("a package is a unit a reader can understand alone; a cycle makes two of them one")
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

    private DescribedPredicate<JavaClass> implementedOutsideTheDomain() {
        String domainPackage = root + ".domain";
        return new DescribedPredicate<>("are implemented outside the domain") {
            @Override
            public boolean test(JavaClass javaClass) {
                return javaClass.getAllSubclasses().stream()
                        .anyMatch(sub -> !sub.getPackageName().startsWith(domainPackage));
            }
        };
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
