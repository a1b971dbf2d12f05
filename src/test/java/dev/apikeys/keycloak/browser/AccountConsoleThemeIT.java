package dev.apikeys.keycloak.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import dev.apikeys.keycloak.browser.AccountConsole.Appearance;
import dev.apikeys.keycloak.it.Admin;
import dev.apikeys.keycloak.it.KeycloakExtension;
import dev.apikeys.keycloak.it.KeycloakServer;
import dev.apikeys.keycloak.it.OtpDevice;
import dev.apikeys.keycloak.it.TestUser;
import dev.apikeys.keycloak.it.Totp;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The api-keys account theme as a whole: Keycloak's own pages, the OTP prerequisite, language and dark mode. */
@ExtendWith({KeycloakExtension.class, BrowserExtension.class})
final class AccountConsoleThemeIT {

    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/account-console.json");
    }

    @Test
    void builtInPagesStayBesideTheApiKeysPage(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUser(realm, "navigator");
        try (AccountConsole console = AccountConsole.signIn(browser, server, user)) {
            Page page = console.page();
            assertThat(console.heading("Personal info")).isVisible();
            assertThat(page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Email").setExact(true))).hasValue(user.username() + "@example.test");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Account security")).click();
            console.openFromNavigation("Signing in");
            assertThat(page.getByText("Two-factor authentication")).isVisible();
            console.openFromNavigation("Device activity");
            console.openFromNavigation("Applications", "Application");
            console.openFromNavigation("API keys");
            assertThat(page).hasURL(Pattern.compile("/realms/" + realm + "/account/api-keys$"));
            console.screenshot("theme-1-navigation");

            page.reload();
            assertThat(console.heading("API keys")).isVisible();
        }
    }

    @Test
    void userWithoutOtpIsSentThroughKeycloaksAuthenticatorSetupAndBack(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUser(realm, "no-otp");
        try (AccountConsole console = AccountConsole.signIn(browser, server, user)) {
            Page page = console.page();
            console.openFromNavigation("API keys");
            Locator prompt = page.getByTestId("otp-setup-prompt");
            assertThat(prompt).containsText("Set up an authenticator app first");
            assertThat(console.button("Create API key")).hasCount(0);
            console.screenshot("no-otp-1-setup-prompt");

            console.button("Set up authenticator").click();
            assertThat(page.getByText("Mobile Authenticator Setup")).isVisible();
            console.screenshot("no-otp-2-keycloak-authenticator-setup");
            page.getByText("Unable to scan?").click();
            OtpDevice device = new OtpDevice(page.locator("#kc-totp-secret-key").innerText().replace(" ", "").strip());
            page.locator("#totp").fill(device.nextCode());
            page.locator("#userLabel").fill("Browser test phone");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();

            assertThat(console.heading("API keys")).isVisible();
            assertThat(prompt).hasCount(0);
            assertThat(console.button("Create API key")).isEnabled();
            console.screenshot("no-otp-3-back-with-authenticator");
        }
    }

    @Test
    void textsFollowTheBrowserLanguageAndDarkModeFollowsTheSystem(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUser(realm, "dunkel");
        try (AccountConsole console = AccountConsole.signIn(browser, server, user, new Appearance("de-DE", ColorScheme.DARK))) {
            Page page = console.page();
            console.openFromNavigation("API-Schlüssel");
            assertThat(page.getByTestId("otp-setup-prompt")).containsText("Richten Sie zuerst eine Authenticator-App ein");
            assertThat(page.getByText("Noch keine API-Schlüssel")).isVisible();
            assertThat(page.locator("html")).hasClass(Pattern.compile("pf-v5-theme-dark"));
            String background = (String) page.evaluate(
                    "() => getComputedStyle(document.querySelector('.pf-v5-c-page__main-section')).backgroundColor");
            assertTrue(AccountConsole.isDark(background), "the page background is dark, was " + background);
            console.screenshot("theme-2-german-dark");
        }
    }

    @Test
    void theCreateDialogAndItsRulesAreGermanAndDarkToo(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUserWithOtp(realm, "dialog-de", Totp.randomSecret());
        try (AccountConsole console = AccountConsole.signIn(browser, server, user, new Appearance("de-DE", ColorScheme.DARK))) {
            Page page = console.page();
            console.openFromNavigation("API-Schlüssel");
            console.button("API-Schlüssel erstellen").click();
            Locator dialog = console.dialog();
            assertThat(dialog).containsText("Das Geheimnis wird nur einmal angezeigt");
            Locator rules = page.getByTestId("policy-rules");
            assertThat(rules).containsText("Schlüssel ohne IP-Freigabeliste laufen nach");
            assertThat(rules).containsText("Nur Schlüssel mit IP-Freigabeliste dürfen diese Berechtigungen haben");
            assertThat(dialog).not().containsText("Keys without an IP allow-list");
            String background = (String) page.evaluate(
                    "() => getComputedStyle(document.querySelector('[role=dialog]')).backgroundColor");
            assertTrue(AccountConsole.isDark(background), "the dialog is dark, was " + background);
            console.screenshot("theme-3-german-dark-create-dialog");
        }
    }
}
