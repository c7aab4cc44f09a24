/** Rules for text from outside: length in code points, control characters, field violations. */
package io.huddle.domain.text;
