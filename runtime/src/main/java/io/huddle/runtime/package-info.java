/** What the gateway and the worker share at start-up: settings, logging, infrastructure. */
package io.huddle.runtime;
