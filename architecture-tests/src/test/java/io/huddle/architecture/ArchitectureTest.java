package io.huddle.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules over the real modules (main code only; the testkit is test infrastructure and may use anything). */
@AnalyzeClasses(
        packages = "io.huddle",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.WithoutTestkit.class})
class ArchitectureTest {
    private static final HuddleRules rules = HuddleRules.under("io.huddle");

    @ArchTest
    static final ArchRule domain_depends_only_on_the_jdk = rules.domainDependsOnlyOnTheJdk();

    @ArchTest
    static final ArchRule application_depends_only_on_the_domain_and_the_jdk =
            rules.applicationDependsOnlyOnTheDomainAndTheJdk();

    @ArchTest
    static final ArchRule adapters_never_depend_on_each_other = rules.adaptersNeverDependOnEachOther();

    @ArchTest
    static final ArchRule adapters_never_depend_on_the_apps = rules.adaptersNeverDependOnTheApps();

    @ArchTest
    static final ArchRule only_the_apps_depend_on_more_than_one_adapter = rules.onlyTheAppsDependOnMoreThanOneAdapter();

    @ArchTest
    static final ArchRule layers_point_inwards = rules.layersPointInwards();

    @ArchTest
    static final ArchRule every_class_belongs_to_a_layer = rules.everyClassBelongsToALayer();

    @ArchTest
    static final ArchRule jedis_only_in_the_redis_adapter = rules.redisClientOnlyInTheRedisAdapter();

    @ArchTest
    static final ArchRule database_libraries_only_in_the_postgres_adapter =
            rules.databaseLibrariesOnlyInThePostgresAdapter();

    @ArchTest
    static final ArchRule javalin_and_jetty_only_in_the_web_adapter = rules.webServerOnlyInTheWebAdapter();

    @ArchTest
    static final ArchRule top_level_packages_are_free_of_cycles = rules.topLevelPackagesAreFreeOfCycles();

    @ArchTest
    static final ArchRule domain_and_application_read_time_from_outside = rules.coreReadsTimeFromOutside();

    @ArchTest
    static final ArchRule ports_are_interfaces = rules.portsAreInterfaces();

    @ArchTest
    static final ArchRule no_java_util_logging = rules.noJavaUtilLogging();

    @ArchTest
    static final ArchRule system_logger_only_in_the_application = rules.systemLoggerOnlyInTheApplication();

    @ArchTest
    static final ArchRule no_field_injection = rules.noFieldInjection();

    @ArchTest
    static final ArchRule no_generic_exceptions = rules.noGenericExceptions();

    @ArchTest
    static final ArchRule no_standard_streams = rules.noStandardStreams();

    @ArchTest
    static final ArchRule packages_inside_each_module_are_free_of_cycles =
            rules.packagesInsideEachModuleAreFreeOfCycles();

    @ArchTest
    static final ArchRule packages_inside_each_adapter_are_free_of_cycles =
            rules.packagesInsideEachAdapterAreFreeOfCycles();

    /** Guards against rules that pass because nothing was imported. */
    @ArchTest
    static void the_real_modules_are_analysed(JavaClasses classes) {
        assertThat(classes.contain("io.huddle.adapters.redis.RedisAdapters")).isTrue();
        assertThat(classes.contain("io.huddle.adapters.postgres.PostgresAdapters"))
                .isTrue();
        assertThat(classes.contain("io.huddle.application.health.CheckHealth")).isTrue();
        assertThat(classes.contain("io.huddle.gateway.GatewayMain")).isTrue();
        assertThat(classes.contain("io.huddle.worker.WorkerMain")).isTrue();
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith("io.huddle.testkit")))
                .isFalse();
    }

    /** Leaves out {@code io.huddle.testkit}: test infrastructure, free to use any library. */
    static final class WithoutTestkit implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/io/huddle/testkit/");
        }
    }
}
