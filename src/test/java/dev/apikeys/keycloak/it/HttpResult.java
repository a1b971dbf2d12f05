package dev.apikeys.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** An answer of the server. A 5xx is always a bug, so no test can receive one without failing right there. */
public record HttpResult(String request, int status, String body, HttpHeaders headers) {

    public HttpResult {
        if (status >= 500) {
            throw new AssertionError(request + " answered " + status + ": " + body);
        }
    }

    public JsonNode json() {
        return Json.parse(body);
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public HttpResult expect(int expectedStatus) {
        if (status != expectedStatus) {
            throw new AssertionError(request + " answered " + status + ", expected " + expectedStatus + ": " + body);
        }
        return this;
    }
}
