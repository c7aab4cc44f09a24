/** The worker deployable. */
package io.huddle.worker;
