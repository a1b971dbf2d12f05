package dev.apikeys.keycloak.browser;

import java.nio.file.Path;
import java.util.List;

import dev.apikeys.keycloak.it.DebianPackage;

/** Debian's chromium: Playwright's own browser download is not available here. */
final class Chromium {

    private Chromium() {
    }

    static Path executable() {
        return DebianPackage.executable("chromium", List.of("chromium", "chromium-browser"), List.of());
    }
}
