/** Webhooks in a process: the HTTP sender, the job's meters, and the job as the worker schedules it. */
package io.huddle.runtime.webhook;
