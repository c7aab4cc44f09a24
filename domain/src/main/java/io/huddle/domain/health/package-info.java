/**
 * The health probe port: each store adapter reports whether its dependency answers, with latency,
 * and the application's health check combines the reports.
 */
package io.huddle.domain.health;
