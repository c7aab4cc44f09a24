package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.MessageLogContract;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.session.SessionStore;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL message log passes the contract every {@link MessageLog} passes, on a fresh schema. */
class PostgresMessageLogIT extends MessageLogContract {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private static PostgresAdapters adapters;

    @BeforeAll
    static void connect() {
        adapters = PostgresAdapters.connect(TestSettings.pooled(db, 10), new SimpleMeterRegistry());
        assertThat(adapters.migrated()).isTrue();
    }

    @AfterAll
    static void close() {
        adapters.close();
    }

    @Override
    protected SessionStore sessions() {
        return adapters.sessions();
    }

    @Override
    protected MessageLog log(SessionStore sessions) {
        return adapters.messages();
    }

    @Test
    void the_schema_has_the_indexes_the_queries_are_written_for() {
        var indexes = adapters.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT indexdef FROM pg_indexes WHERE schemaname = :schema AND tablename = 'messages'")
                        .bind("schema", db.schema())
                        .mapTo(String.class)
                        .list());

        assertThat(indexes)
                .anySatisfy(def -> assertThat(def).contains("messages_pkey").contains("(session_id, seq)"))
                .anySatisfy(def -> assertThat(def)
                        .contains("UNIQUE INDEX messages_client_msg_id")
                        .contains("(session_id, sender_id, client_msg_id)")
                        .contains("WHERE (client_msg_id IS NOT NULL)"))
                .anySatisfy(def -> assertThat(def)
                        .contains("messages_content_trgm")
                        .contains("USING gin (content public.gin_trgm_ops)"));
    }

    @Test
    void data_is_kept_as_text_so_it_reads_back_byte_for_byte() {
        var type = adapters.jdbi()
                .withHandle(h -> h.createQuery("SELECT data_type FROM information_schema.columns"
                                + " WHERE table_schema = :schema AND table_name = 'messages' AND column_name = 'data'")
                        .bind("schema", db.schema())
                        .mapTo(String.class)
                        .one());

        assertThat(type).isEqualTo("text");
    }

    @Test
    void search_patterns_escape_like_wildcards_and_the_escape_character() {
        assertThat(List.of("50%", "snake_case", "C:\\t", "plain").stream()
                        .map(PostgresMessageLog::containing)
                        .toList())
                .containsExactly("%50\\%%", "%snake\\_case%", "%C:\\\\t%", "%plain%");
    }
}
