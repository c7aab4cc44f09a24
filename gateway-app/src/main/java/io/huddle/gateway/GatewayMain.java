package io.huddle.gateway;

/** Starts the gateway. */
public final class GatewayMain {
    public static void main(String[] args) {}
}
