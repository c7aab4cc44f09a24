/** The gateway deployable. */
package io.huddle.gateway;
