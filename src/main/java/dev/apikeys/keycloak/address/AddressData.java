package dev.apikeys.keycloak.address;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The stored, public part of one address-book entry (its credential data; entries have no secret).
 *
 * @param status      {@value #PENDING} until confirmed, then {@value #CONFIRMED}
 * @param confirmedAt when it was confirmed, epoch milliseconds
 * @param sentTo      the e-mail address its confirmation link went to; a link works only while the account still
 *                    has that address
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AddressData(String kind, String coin, String network, String address, String memo, String remark,
                          String status, Long confirmedAt, String sentTo) {

    public static final String PENDING = "pending";
    public static final String CONFIRMED = "confirmed";

    public boolean confirmed() {
        return CONFIRMED.equals(status);
    }

    AddressData confirmedAt(long at) {
        return new AddressData(kind, coin, network, address, memo, remark, CONFIRMED, at, null);
    }

    AddressData sentTo(String email) {
        return new AddressData(kind, coin, network, address, memo, remark, status, confirmedAt, email);
    }

    /** Two entries are the same address when kind, coin, network, address and memo are equal (case kept). */
    boolean sameAddress(AddressData other) {
        return java.util.Objects.equals(kind, other.kind) && java.util.Objects.equals(coin, other.coin)
                && java.util.Objects.equals(network, other.network) && java.util.Objects.equals(address, other.address)
                && java.util.Objects.equals(memo, other.memo);
    }
}
