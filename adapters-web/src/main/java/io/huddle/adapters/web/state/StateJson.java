package io.huddle.adapters.web.state;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import java.time.Instant;

/**
 * The State object of PROTOCOL.md section 4. {@code data} is the JSON value last written, written into
 * the response as JSON; a state nobody wrote is {@code {"version":0,"data":null,"updatedAt":null,"updatedBy":null}}.
 */
public record StateJson(long version, @JsonRawValue String data, Instant updatedAt, String updatedBy) {

    public static StateJson of(SharedState state) {
        return new StateJson(
                state.version(),
                state.data().map(StateData::json).orElse(null),
                state.updatedAt().orElse(null),
                state.updatedBy().map(MemberId::value).orElse(null));
    }

    /** The {@code ETag} of a state: its version, as a strong entity tag. */
    public static String etag(SharedState state) {
        return "\"" + state.version() + "\"";
    }
}
