package dev.apikeys.keycloak.address;

/** Turns address management on or off. */
public record ManagementRequest(Boolean enabled) {
}
