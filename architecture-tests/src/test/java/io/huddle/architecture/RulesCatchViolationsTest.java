package io.huddle.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each rule fails on a fixture that breaks it, and every rule passes on the fixture that follows them
 * all, so the check over the real code means something.
 */
class RulesCatchViolationsTest {
    private static final String FIXTURES = "io.huddle.architecture.fixtures.";

    @Test
    void every_rule_passes_on_a_code_base_that_follows_them() {
        var good = fixture("good");
        var rules = HuddleRules.under(FIXTURES + "good");
        List<ArchRule> all = List.of(
                rules.domainDependsOnlyOnTheJdk(),
                rules.applicationDependsOnlyOnTheDomainAndTheJdk(),
                rules.adaptersNeverDependOnEachOther(),
                rules.adaptersNeverDependOnTheApps(),
                rules.onlyTheAppsDependOnMoreThanOneAdapter(),
                rules.layersPointInwards(),
                rules.everyClassBelongsToALayer(),
                rules.redisClientOnlyInTheRedisAdapter(),
                rules.databaseLibrariesOnlyInThePostgresAdapter(),
                rules.webServerOnlyInTheWebAdapter(),
                rules.topLevelPackagesAreFreeOfCycles(),
                rules.coreReadsTimeFromOutside(),
                rules.portsAreInterfaces(),
                rules.noJavaUtilLogging(),
                rules.systemLoggerOnlyInTheApplication(),
                rules.noFieldInjection(),
                rules.noGenericExceptions(),
                rules.noStandardStreams(),
                rules.packagesInsideEachModuleAreFreeOfCycles(),
                rules.packagesInsideEachAdapterAreFreeOfCycles());

        assertThat(good.size()).isGreaterThanOrEqualTo(6);
        all.forEach(rule -> assertThat(rule.evaluate(good).hasViolation())
                .as(rule.getDescription())
                .isFalse());
    }

    @Test
    void domain_calling_instant_now_and_application_calling_instant_source_system_are_caught() {
        var report = violations("clock", HuddleRules::coreReadsTimeFromOutside);

        assertThat(report).contains("Expiry", "Instant.now()", "Ticker", "InstantSource.system()");
    }

    @Test
    void domain_using_a_logger_or_jdbc_is_caught() {
        assertThat(violations("impure_domain", HuddleRules::domainDependsOnlyOnTheJdk))
                .contains("org.slf4j.Logger", "java.sql.Timestamp");
    }

    @Test
    void application_using_a_logging_library_is_caught() {
        assertThat(violations("impure_application", HuddleRules::applicationDependsOnlyOnTheDomainAndTheJdk))
                .contains("org.slf4j.LoggerFactory");
    }

    @Test
    void web_adapter_using_the_postgres_adapter_is_caught() {
        assertThat(violations("adapter_to_adapter", HuddleRules::adaptersNeverDependOnEachOther))
                .contains("Handler", "Store");
    }

    @Test
    void web_adapter_using_the_postgres_adapter_breaks_the_layers() {
        assertThat(violations("adapter_to_adapter", HuddleRules::layersPointInwards))
                .contains("Handler", "Store");
    }

    @Test
    void adapter_reading_the_apps_settings_is_caught() {
        assertThat(violations("adapter_to_app", HuddleRules::adaptersNeverDependOnTheApps))
                .contains("ReadsSettings", "Settings");
    }

    @Test
    void application_wiring_two_adapters_is_caught() {
        assertThat(violations("two_adapters", HuddleRules::onlyTheAppsDependOnMoreThanOneAdapter))
                .contains("WiresItself", "[postgres, redis]");
    }

    @Test
    void jedis_in_the_web_adapter_is_caught() {
        assertThat(violations("misplaced_library", HuddleRules::redisClientOnlyInTheRedisAdapter))
                .contains("CachesInRedis", "redis.clients.jedis.Jedis")
                .doesNotContain("QueriesDirectly", "ServesHttp");
    }

    @Test
    void jdbi_in_the_redis_adapter_is_caught() {
        assertThat(violations("misplaced_library", HuddleRules::databaseLibrariesOnlyInThePostgresAdapter))
                .contains("QueriesDirectly", "org.jdbi")
                .doesNotContain("CachesInRedis", "ServesHttp");
    }

    @Test
    void javalin_in_the_postgres_adapter_is_caught() {
        assertThat(violations("misplaced_library", HuddleRules::webServerOnlyInTheWebAdapter))
                .contains("ServesHttp", "io.javalin")
                .doesNotContain("CachesInRedis", "QueriesDirectly");
    }

    @Test
    void a_cycle_between_domain_and_application_is_caught() {
        assertThat(violations("cycle", HuddleRules::topLevelPackagesAreFreeOfCycles))
                .contains("Cycle detected", "Member", "JoinSession");
    }

    @Test
    void a_class_outside_every_layer_is_caught() {
        assertThat(violations("stray", HuddleRules::everyClassBelongsToALayer)).contains("Strings");
    }

    @Test
    void a_store_adapter_calling_a_use_case_breaks_the_layers() {
        assertThat(violations("store_to_application", HuddleRules::layersPointInwards))
                .contains("RedisMembers", "JoinSession");
    }

    @Test
    void a_port_written_as_a_class_is_caught() {
        assertThat(violations("port_class", HuddleRules::portsAreInterfaces))
                .contains("SessionStore")
                .doesNotContain("RedisSessionStore was");
    }

    @Test
    void java_util_logging_anywhere_is_caught() {
        assertThat(violations("logging", HuddleRules::noJavaUtilLogging))
                .contains("LogsThroughTheJdk", "java.util.logging.Logger");
    }

    @Test
    void system_logger_outside_the_application_is_caught_and_inside_it_is_not() {
        assertThat(violations("logging", HuddleRules::systemLoggerOnlyInTheApplication))
                .contains("LogsThroughTheJdk", "System$Logger")
                .doesNotContain("LogsThroughSystemLogger");
    }

    @Test
    void field_injection_is_caught() {
        assertThat(violations("coding", HuddleRules::noFieldInjection)).contains("CarelessHandler.store");
    }

    @Test
    void throwing_a_generic_exception_is_caught() {
        assertThat(violations("coding", HuddleRules::noGenericExceptions))
                .contains("CarelessHandler", "RuntimeException");
    }

    @Test
    void printing_to_standard_out_is_caught() {
        assertThat(violations("coding", HuddleRules::noStandardStreams)).contains("CarelessHandler", "System.out");
    }

    @Test
    void a_cycle_between_two_packages_of_the_domain_is_caught() {
        assertThat(violations("package_cycle", HuddleRules::packagesInsideEachModuleAreFreeOfCycles))
                .contains("Cycle detected", "Session", "Member");
    }

    /** Evaluates the rule built for the fixture's root over that fixture; the report text, which must not be empty. */
    private static String violations(String fixture, Function<HuddleRules, ArchRule> rule) {
        var result = rule.apply(HuddleRules.under(FIXTURES + fixture)).evaluate(fixture(fixture));
        assertThat(result.hasViolation()).as("violations in fixture " + fixture).isTrue();
        return result.getFailureReport().toString();
    }

    private static JavaClasses fixture(String name) {
        return new ClassFileImporter().importPackages(FIXTURES + name);
    }
}
