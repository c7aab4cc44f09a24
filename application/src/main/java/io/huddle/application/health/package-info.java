/** Health of the dependencies a process relies on, as the operations endpoints report it. */
package io.huddle.application.health;
