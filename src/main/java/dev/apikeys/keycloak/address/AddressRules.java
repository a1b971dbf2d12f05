package dev.apikeys.keycloak.address;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.policy.LabelText;

/**
 * The rules of one entry. Coin and network are upper-case tokens (sent in any case, stored upper-case); addresses
 * and memos are checked for length and characters, not per chain, and kept exactly as sent (trimmed).
 */
public final class AddressRules {

    static final int ADDRESS_MAX_LENGTH = 128;
    static final int MEMO_MAX_LENGTH = 128;
    private static final Pattern COIN = Pattern.compile("[A-Z0-9]{1,20}");
    private static final Pattern NETWORK = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,31}");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._:@+/=-]{1," + ADDRESS_MAX_LENGTH + "}");
    private static final Pattern MEMO = Pattern.compile("[\\x20-\\x7E]{1," + MEMO_MAX_LENGTH + "}");

    private AddressRules() {
    }

    /**
     * @return the entry as it will be stored, pending
     * @throws ApiKeyException {@code address_invalid}, naming the field (its {@code field}, and first in the description)
     */
    public static AddressData check(AddressRequest request) {
        AddressKind kind = request.kind() == null ? AddressKind.WITHDRAWAL : AddressKind.of(request.kind().strip());
        if (kind == null) {
            throw invalid("kind", "is 'withdrawal' or 'internal-transfer'");
        }
        String coin = upper(request.coin());
        if (coin == null || !(COIN.matcher(coin).matches()
                || kind == AddressKind.INTERNAL_TRANSFER && AddressKind.ANY_COIN.equals(coin))) {
            throw invalid("coin", kind == AddressKind.INTERNAL_TRANSFER
                    ? "is 1 to 20 letters and digits (such as BTC), or * for any coin"
                    : "is 1 to 20 letters and digits, such as BTC");
        }
        String network = upper(request.network());
        if (kind == AddressKind.INTERNAL_TRANSFER) {
            if (network != null && !AddressKind.INTERNAL_NETWORK.equals(network)) {
                throw invalid("network", "of an internal transfer is " + AddressKind.INTERNAL_NETWORK);
            }
            network = AddressKind.INTERNAL_NETWORK;
        } else if (network == null || !NETWORK.matcher(network).matches() || AddressKind.INTERNAL_NETWORK.equals(network)) {
            throw invalid("network", "is 1 to 32 letters, digits, _ and -, such as ERC20 (INTERNAL is for internal transfers)");
        }
        String address = trimmed(request.address());
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw invalid("address", "is 1 to " + ADDRESS_MAX_LENGTH + " letters, digits and . _ : @ + / = -");
        }
        String memo = trimmed(request.memo());
        if (memo != null && !MEMO.matcher(memo).matches()) {
            throw invalid("memo", "is at most " + MEMO_MAX_LENGTH + " printable ASCII characters");
        }
        String remark = LabelText.check(request.remark(), "remark", ApiKeyError.ADDRESS_INVALID);
        return new AddressData(kind.code(), coin, network, address, memo, remark, AddressData.PENDING, null, null);
    }

    private static ApiKeyException invalid(String field, String rule) {
        return ApiKeyError.ADDRESS_INVALID.invalidField(field, rule);
    }

    private static String upper(String value) {
        String trimmed = trimmed(value);
        return trimmed == null ? null : trimmed.toUpperCase(Locale.ROOT);
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
