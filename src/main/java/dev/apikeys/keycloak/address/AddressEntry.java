package dev.apikeys.keycloak.address;

import java.io.IOException;

import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * One entry of a user's withdrawal address book, kept as a credential of type {@value #TYPE} (public data only, no
 * secret). No credential provider is registered for the type, so Keycloak's account API can neither list nor delete
 * entries; its admin credential endpoint can, as for any credential.
 */
public record AddressEntry(String id, long createdAt, AddressData data) {

    public static final String TYPE = "api-key-address";

    static AddressEntry of(CredentialModel stored) {
        return new AddressEntry(stored.getId(), stored.getCreatedDate() == null ? 0 : stored.getCreatedDate(),
                read(stored.getCredentialData(), AddressData.class));
    }

    CredentialModel toCredential() {
        CredentialModel model = new CredentialModel();
        model.setId(id);
        model.setType(TYPE);
        model.setCreatedDate(createdAt);
        model.setCredentialData(write(data));
        model.setSecretData("{}");
        return model;
    }

    AddressEntry with(AddressData changed) {
        return new AddressEntry(id, createdAt, changed);
    }

    static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write address-book data", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored address-book data cannot be read", e);
        }
    }
}
