package io.huddle.runtime.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code HUDDLE_WEBHOOK_URL} (one or more, comma-separated, http or https, without credentials) and
 * {@code HUDDLE_WEBHOOK_SECRET} (required with a URL, at least 32 bytes), checked by the one rule both apps
 * run: the gateway, whose changes fill the outbox when a URL is set, and the worker, which delivers it
 * ({@link WebhookSettings}). Empty when no URL is set.
 */
public record WebhookTarget(List<URI> urls, byte[] secret) {
    public WebhookTarget {
        urls = List.copyOf(urls);
        secret = secret.clone();
    }

    public static Optional<WebhookTarget> from(Env env) {
        var raw = env.list("HUDDLE_WEBHOOK_URL");
        if (raw.isEmpty()) {
            if (env.isSet("HUDDLE_WEBHOOK_SECRET")) {
                throw new SettingException("HUDDLE_WEBHOOK_SECRET", "is set, but HUDDLE_WEBHOOK_URL is not");
            }
            return Optional.empty();
        }
        var urls = new ArrayList<URI>();
        for (var url : raw) urls.add(url(url));
        var secret = env.text("HUDDLE_WEBHOOK_SECRET")
                .orElseThrow(() -> new SettingException(
                        "HUDDLE_WEBHOOK_SECRET", "is required with HUDDLE_WEBHOOK_URL (at least 32 bytes)"));
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) throw new SettingException("HUDDLE_WEBHOOK_SECRET", "must be at least 32 bytes");
        return Optional.of(new WebhookTarget(urls, key));
    }

    private static URI url(String raw) {
        try {
            var uri = new URI(raw);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (web && uri.getHost() != null && uri.getUserInfo() == null) return uri;
        } catch (URISyntaxException e) {
            // answered below
        }
        throw SettingException.of("HUDDLE_WEBHOOK_URL", raw, true, "is not an http(s) URL without credentials");
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "WebhookTarget[urls=" + urls.size() + "]";
    }
}
