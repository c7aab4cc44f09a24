package io.huddle.domain.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MemberTokenTest {
    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void a_token_is_hm_and_43_base64url_characters() {
        for (int i = 0; i < 200; i++) {
            assertThat(MemberToken.generate(random).reveal()).matches("hm_[A-Za-z0-9_-]{43}");
        }
    }

    @Test
    void generated_tokens_differ() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 1000; i++) seen.add(MemberToken.generate(random).reveal());

        assertThat(seen).hasSize(1000);
    }

    @Test
    void the_hash_is_the_sha256_hex_of_the_whole_token() throws Exception {
        var token = MemberToken.generate(random);
        var expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(token.reveal().getBytes(StandardCharsets.UTF_8)));

        assertThat(token.hash()).isEqualTo(new TokenHash(expected));
        assertThat(token.hash().hex()).matches("[0-9a-f]{64}");
    }

    @Test
    void to_string_never_reveals_the_secret() {
        var token = MemberToken.generate(random);

        assertThat(token.toString()).doesNotContain(token.reveal().substring(3, 10));
        assertThat(token.toString()).doesNotContain(token.reveal().substring(3));
        assertThat(String.valueOf(java.util.List.of(token)))
                .doesNotContain(token.reveal().substring(3));
    }

    @Test
    void a_parsed_token_equals_the_generated_one_and_hashes_the_same() {
        var token = MemberToken.generate(random);
        var parsed = MemberToken.parse(token.reveal()).orElseThrow();

        assertThat(parsed).isEqualTo(token).hasSameHashCodeAs(token);
        assertThat(parsed.hash()).isEqualTo(token.hash());
        assertThat(parsed).isNotEqualTo(MemberToken.generate(random));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "hm_",
                "hm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "hm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "HM_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "hm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
                "hm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                " hm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "hm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
                "eyJhbGciOiJIUzI1NiJ9.e30.sig"
            })
    void malformed_tokens_do_not_parse(String raw) {
        assertThat(MemberToken.parse(raw)).isEmpty();
    }

    @Test
    void a_well_formed_token_parses() {
        assertThat(MemberToken.parse("hm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-"))
                .isPresent();
        assertThat(MemberToken.parse("hm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_"))
                .isPresent();
    }

    @Test
    void only_hm_prefixed_credentials_look_like_member_tokens() {
        assertThat(MemberToken.looksLikeOne("hm_anything")).isTrue();
        assertThat(MemberToken.looksLikeOne("eyJhbGciOiJIUzI1NiJ9.e30.sig")).isFalse();
        assertThat(MemberToken.looksLikeOne(null)).isFalse();
    }
}
