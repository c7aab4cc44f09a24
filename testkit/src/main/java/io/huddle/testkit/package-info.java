/** Real Redis and PostgreSQL for integration tests. */
package io.huddle.testkit;
