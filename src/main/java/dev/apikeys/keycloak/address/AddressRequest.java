package dev.apikeys.keycloak.address;

/** One address as a user sends it (JSON body, or one CSV row); nothing here is checked yet. */
public record AddressRequest(String kind, String coin, String network, String address, String memo, String remark) {
}
