package dev.apikeys.keycloak.rest;

import dev.apikeys.keycloak.address.AddressData;
import dev.apikeys.keycloak.address.AddressEntry;
import dev.apikeys.keycloak.policy.LabelText;

/** An entry as the REST API shows it. Times are epoch milliseconds; {@code confirmedAt} is null while pending. */
public record AddressRepresentation(String id, String kind, String coin, String network, String address, String memo,
                                    String remark, String status, long createdAt, Long confirmedAt) {

    public static AddressRepresentation of(AddressEntry entry) {
        AddressData data = entry.data();
        return new AddressRepresentation(entry.id(), data.kind(), data.coin(), data.network(), data.address(), data.memo(),
                LabelText.display(data.remark()), data.status(), entry.createdAt(),
                data.confirmedAt());
    }
}
