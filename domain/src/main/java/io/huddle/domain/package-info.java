/** The model and its rules: pure Java, no frameworks. */
package io.huddle.domain;
