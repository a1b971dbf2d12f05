package dev.apikeys.keycloak.address;

import java.util.Arrays;

/** What an entry allows: a withdrawal to a chain address, or a transfer to another account of the exchange. */
public enum AddressKind {
    WITHDRAWAL("withdrawal"),
    INTERNAL_TRANSFER("internal-transfer");

    /** The network of every internal transfer. */
    public static final String INTERNAL_NETWORK = "INTERNAL";
    /** The coin of an internal-transfer entry that allows any coin. */
    public static final String ANY_COIN = "*";

    private final String code;

    AddressKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    static AddressKind of(String code) {
        return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst().orElse(null);
    }
}
