package io.huddle.worker;

/** Starts the worker. */
public final class WorkerMain {
    public static void main(String[] args) {}
}
