/** Session use cases: create, read, list, end; members joining, leaving and being kicked. */
package io.huddle.application.session;
