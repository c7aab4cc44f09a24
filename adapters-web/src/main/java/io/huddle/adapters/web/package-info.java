/**
 * HTTP and WebSocket edge of the gateway and the worker. {@link io.huddle.adapters.web.WebServer} is the
 * door; feature modules plug in as {@link io.huddle.adapters.web.HttpRoutes} and answer errors with
 * {@link io.huddle.adapters.web.Problem}. Correlation ids, request logs, request metrics, body limits and
 * error rendering live here, once, for every route.
 */
package io.huddle.adapters.web;
