/** HTTP and WebSocket edge of the gateway. */
package io.huddle.adapters.web;
