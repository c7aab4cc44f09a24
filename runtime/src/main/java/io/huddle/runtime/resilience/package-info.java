/** How the process serves around a dependency that is down, and the meters that say so. */
package io.huddle.runtime.resilience;
