/** The dependency rules of ARCHITECTURE.md, checked over every module, and proof that each rule can fail. */
package io.huddle.architecture;
