package dev.apikeys.keycloak.credential;

import java.util.List;

/**
 * What a caller asks for when creating or changing a key. On a change, a null field keeps the current value;
 * an empty {@code ipAllowList} removes the IP binding.
 */
public record KeyRequest(String label, List<String> scopes, List<String> ipAllowList) {
}
