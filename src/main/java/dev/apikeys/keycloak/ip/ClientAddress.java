package dev.apikeys.keycloak.ip;

import java.util.Optional;

/**
 * A caller's address as one request reports it, parsed once for every check of that request: the allow-list, the
 * failure throttle and the refusal sampling all read the same bytes. An address that is not a literal (or none at
 * all: a gateway that did not say) matches no allow-list and has the source {@value IpRange#UNKNOWN_SOURCE}.
 */
public final class ClientAddress {

    private final String text;
    private final byte[] bytes;
    private String source;

    private ClientAddress(String text, byte[] bytes) {
        this.text = text;
        this.bytes = bytes;
    }

    /** @param text the address as Keycloak or a gateway reports it; null when unknown */
    public static ClientAddress of(String text) {
        Optional<byte[]> parsed = IpRange.parseAddress(text);
        return new ClientAddress(text, parsed.orElse(null));
    }

    /** The address as reported, for events and the last use; null when unknown. */
    public String text() {
        return text;
    }

    /** Whether it is one IPv4 or IPv6 address literal. */
    public boolean isLiteral() {
        return bytes != null;
    }

    /** The address's bytes (4 or 16), or null when it is not a literal. */
    byte[] bytes() {
        return bytes;
    }

    /**
     * The source the address is accounted to: an IPv4 address itself, an IPv6 address's /64 (one subscriber's usual
     * allocation, so rotating inside it gains nothing); {@value IpRange#UNKNOWN_SOURCE} when it is not a literal.
     */
    public String source() {
        if (source == null) {
            source = bytes == null ? IpRange.UNKNOWN_SOURCE
                    : bytes.length == 4 ? IpRange.format(bytes) : IpRange.format(IpRange.mask(bytes, 64)) + "/64";
        }
        return source;
    }

    @Override
    public String toString() {
        return String.valueOf(text);
    }
}
