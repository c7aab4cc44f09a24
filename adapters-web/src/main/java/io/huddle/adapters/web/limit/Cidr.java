package io.huddle.adapters.web.limit;

import java.net.InetAddress;
import java.util.Arrays;

/** One block of addresses, IPv4 or IPv6: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address alone. */
record Cidr(byte[] network, int prefixLength) {

    /** {@code text} as a CIDR, or a lone address as a block of one; else an {@link IllegalArgumentException}. */
    static Cidr parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = IpLiteral.parse(address)
                .orElseThrow(() -> new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR"))
                .getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("\"" + text + "\" needs a prefix length of 0.." + bits);
            }
            prefix = Integer.parseInt(length);
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** Only an address of the same family can be inside: an IPv4 peer is never in an IPv6 block. */
    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
        }
        return masked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && cidr.prefixLength == prefixLength && Arrays.equals(cidr.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return IpLiteral.text(network) + "/" + prefixLength;
    }
}
