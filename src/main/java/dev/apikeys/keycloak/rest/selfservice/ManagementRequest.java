package dev.apikeys.keycloak.rest.selfservice;

/** Turns address management on or off. */
public record ManagementRequest(Boolean enabled) {
}
