/** Rate limits: how many requests of one key a window allows. */
package io.huddle.domain.limit;
