package dev.apikeys.keycloak.ip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.commons.net.util.SubnetUtils;

/**
 * One allow-list entry: a single IPv4 or IPv6 address or a CIDR range, kept in canonical form
 * (network address, lower-case RFC 5952 IPv6, no "/32" or "/128" on single addresses).
 * Parsing never touches DNS: only address literals are accepted. IPv4 ranges are matched by commons-net's
 * SubnetUtils, which the product's design names; it knows only IPv4, so IPv6 ranges compare masked address bytes.
 */
public final class IpRange {

    public static final String UNKNOWN_SOURCE = "unknown";

    /** Anything wider is not an allow-list any more. */
    public static final int MIN_IPV4_PREFIX = 8;
    public static final int MIN_IPV6_PREFIX = 32;

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** The first character keeps InetAddress on its literal path: it never asks DNS about such text. */
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("[1-9]?\\d|1[01]\\d|12[0-8]");

    private final byte[] network;
    private final int prefix;
    private final SubnetUtils.SubnetInfo ipv4;
    private final String canonical;

    private IpRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
        if (network.length == 4) {
            SubnetUtils subnet = new SubnetUtils(format(network) + "/" + prefix);
            subnet.setInclusiveHostCount(true);
            this.ipv4 = subnet.getInfo();
        } else {
            this.ipv4 = null;
        }
        int width = network.length * 8;
        this.canonical = prefix == width ? format(network) : format(network) + "/" + prefix;
    }

    /**
     * @throws IllegalArgumentException with a message fit for the caller when the entry is not an address or range
     */
    public static IpRange parse(String entry) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("an entry is empty");
        }
        String text = entry.strip();
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = parseAddress(addressText)
                .orElseThrow(() -> new IllegalArgumentException("'" + shorten(text) + "' is not an IPv4 or IPv6 address or CIDR range"));
        int width = address.length * 8;
        int prefix = width;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > width) {
                throw new IllegalArgumentException("'" + shorten(text) + "' has an invalid prefix length");
            }
            prefix = Integer.parseInt(prefixText);
        }
        int minimum = width == 32 ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
        if (prefix < minimum) {
            throw new IllegalArgumentException("'" + shorten(text) + "' is too wide: the shortest prefix allowed is /" + minimum);
        }
        return new IpRange(mask(address, prefix), prefix);
    }

    /** Whether the text is one IPv4 or IPv6 address literal (no range). */
    public static boolean isAddress(String text) {
        return parseAddress(text).isPresent();
    }

    /** Parses an address literal as Keycloak reports a client's address; empty when it is not one. */
    static Optional<byte[]> parseAddress(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        if (IPV4.matcher(text).matches()) {
            return literal(text);
        }
        if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
            return literal(text);
        }
        return Optional.empty();
    }

    private static Optional<byte[]> literal(String text) {
        try {
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet4Address || address instanceof Inet6Address) {
                return Optional.of(address.getAddress());
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        if (ipv4 != null) {
            return ipv4.isInRange(ByteBuffer.wrap(address).getInt());
        }
        return Arrays.equals(mask(address, prefix), network);
    }

    static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xff << (8 - bits)));
        }
        return masked;
    }

    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }

    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange range && range.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }
}
