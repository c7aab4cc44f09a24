/** Use cases, taking and returning domain values. */
package io.huddle.application;
