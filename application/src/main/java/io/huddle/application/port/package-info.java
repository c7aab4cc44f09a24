/**
 * Outbound ports: what the use cases need from storage, messaging and identity, in domain terms.
 * Every port has an in-memory implementation in {@code io.huddle.application.memory} and a contract
 * test in this module's test-jar that every implementation passes.
 */
package io.huddle.application.port;
