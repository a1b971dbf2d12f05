package dev.apikeys.keycloak.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.apikeys.keycloak.browser.AccountConsole.IssuedKey;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import dev.apikeys.keycloak.it.Admin;
import dev.apikeys.keycloak.it.KeycloakExtension;
import dev.apikeys.keycloak.it.KeycloakServer;
import dev.apikeys.keycloak.it.KeyExchange;
import dev.apikeys.keycloak.it.OtpDevice;
import dev.apikeys.keycloak.it.TestUser;
import dev.apikeys.keycloak.it.Totp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Managing keys on the "API keys" page of the real account console, step by step as a user does it. */
@ExtendWith({KeycloakExtension.class, BrowserExtension.class})
final class ApiKeysPageIT {

    private static final String PAGE = "API keys";
    private static final String READ_ONLY = "Read only";
    private static final String READ_TRADE = "Read and trade";
    private static final String READ_TRADE_WITHDRAW = "Read, trade and withdraw";

    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/account-console.json");
    }

    @Test
    void keyGoesFromCreationThroughEditAndRenewalToDeletion(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUserWithOtp(realm, "lifecycle", Totp.randomSecret());
        OtpDevice otp = user.otpDevice();
        try (AccountConsole console = AccountConsole.signIn(browser, server, user)) {
            Page page = console.page();
            console.openFromNavigation(PAGE);
            assertThat(page.getByText("No API keys yet")).isVisible();
            console.screenshot("lifecycle-1-empty-state");

            console.openCreateDialog();
            Locator rules = page.getByTestId("policy-rules");
            assertThat(rules).containsText("Keys without an IP allow-list expire after 90 days.");
            assertThat(rules).containsText("Keys with an IP allow-list expire after 365 days.");
            assertThat(rules).containsText("Only keys with an IP allow-list may have these permissions: Withdraw.");
            console.fillKeyForm("Trading bot", READ_TRADE, "127.0.0.1, 198.51.100.0/24\n2001:db8::/48");
            assertThat(rules).containsText("Keys with an IP allow-list expire after 365 days. (applies to this key)");
            console.enterCode(otp.nextCode());
            console.screenshot("lifecycle-2-create-dialog");
            console.submitDialog("Create");

            IssuedKey issued = console.issuedKey();
            assertThat(page.getByTestId("secret-dialog")).containsText("Copy the secret now: it cannot be shown again.");
            console.screenshot("lifecycle-3-secret-shown-once");
            ApiKeySecret secret = ApiKeySecret.parse(issued.secret())
                    .orElseThrow(() -> new AssertionError("The dialog shows no well-formed secret"));
            assertEquals(issued.accessKey(), secret.keyId());
            assertEquals(user.id(), secret.userId());
            assertFalse(console.everythingTheBrowserStores().contains(issued.secret()),
                    "while it is shown, the secret is only in the dialog: not in storage, cookies, URL or console");
            String pasted = console.copySecret();
            assertEquals(issued.secret(), pasted, "the copy button puts exactly the secret on the clipboard");
            console.closeSecretDialog();
            assertFalse(console.everythingTheBrowserKeeps().contains(issued.secret()),
                    "the secret must be gone from the DOM, storage, URL and console once its dialog is closed");

            Locator row = console.row("Trading bot");
            for (String shown : List.of(issued.accessKey(), "Read", "Trade", "127.0.0.1", "198.51.100.0/24",
                    "2001:db8::/48", "Active", "Never used")) {
                assertThat(row).containsText(shown);
            }
            assertThat(row).not().containsText("Withdraw");
            console.screenshot("lifecycle-4-list");

            JsonNode token = new KeyExchange(server, realm).exchangeFrom("127.0.0.1", pasted).expect(200).json();
            assertTrue(token.path("scope").asText().contains("trade"), token.toString());
            page.reload();
            assertThat(row).containsText("from 127.0.0.1");
            assertThat(row).not().containsText("Never used");
            console.screenshot("lifecycle-4b-used-by-a-bot");

            console.rowAction("Trading bot", "Edit permissions and IPs");
            console.fillKeyForm("Trading bot", READ_TRADE_WITHDRAW, "203.0.113.8");
            console.enterCode(otp.nextCode());
            console.screenshot("lifecycle-5-edit-dialog");
            console.submitDialog("Save");
            console.waitForDialogToClose();
            assertThat(row).containsText("Withdraw");
            assertThat(row).containsText("203.0.113.8");
            assertThat(row).not().containsText("198.51.100.0/24");
            JsonNode edited = onlyKey(admin, user);
            assertEquals(List.of("read", "trade", "withdraw"), texts(edited.path("scopes")));
            assertEquals(List.of("203.0.113.8"), texts(edited.path("ipAllowList")));
            console.screenshot("lifecycle-6-edited");

            long expiryBeforeRenewal = edited.path("expiresAt").asLong();
            console.rowAction("Trading bot", "Renew");
            assertThat(console.dialog()).containsText("keeps working for another 365 days");
            console.enterCode(otp.nextCode());
            console.submitDialog("Renew");
            console.waitForDialogToClose();
            assertThat(page.getByText("API key \"Trading bot\" renewed")).isVisible();
            assertTrue(onlyKey(admin, user).path("expiresAt").asLong() > expiryBeforeRenewal, "renewal extends the expiry");
            console.screenshot("lifecycle-7-renewed");

            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Recent activity of Trading bot")).click();
            Locator activity = page.getByTestId("key-activity");
            assertThat(activity).containsText("from 127.0.0.1.");
            assertThat(activity.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Created or changed")))
                    .hasCount(3);
            assertThat(activity.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Exchanged for a token")))
                    .containsText("bot-exchange");
            console.screenshot("lifecycle-8-activity");

            console.rowAction("Trading bot", "Delete");
            assertThat(console.dialog()).containsText("Programs using this key stop working immediately.");
            console.enterCode(otp.nextCode());
            console.screenshot("lifecycle-9-delete-dialog");
            console.submitDialog("Delete");
            console.waitForDialogToClose();
            assertThat(page.getByText("No API keys yet")).isVisible();
            assertEquals(0, keys(admin, user).size());
            console.screenshot("lifecycle-10-deleted");
        }
    }

    @Test
    void aPermissionThePolicyNoLongerGrantsIsShownAsNotInForce(Admin admin, KeycloakServer server, Browser browser) {
        String governed = admin.importRealm("realms/account-console.json");
        TestUser user = admin.createUserWithOtp(governed, "dormant", Totp.randomSecret());
        OtpDevice otp = user.otpDevice();
        try (AccountConsole console = AccountConsole.signIn(browser, server, user)) {
            console.openFromNavigation(PAGE);
            createKey(console, "Night trader", READ_TRADE, "", otp.nextCode());
            Locator permissions = console.row("Night trader").getByTestId("key-permissions");
            assertThat(permissions).containsText("Trade");
            assertThat(permissions.locator("[data-dormant]")).hasCount(0);

            admin.put(Admin.realmPath(governed) + "/api-keys/policy",
                    Map.of("ipRequiredScopes", List.of("trade", "withdraw"))).expect(200);
            console.page().reload();

            assertThat(permissions.locator("[data-dormant]")).hasText("Trade (not in force)");
            assertThat(permissions).containsText("Read");
            console.screenshot("dormant-permission");
        }
    }

    @Test
    void deleteAllAsksForAConfirmationAndTheCode(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUserWithOtp(realm, "delete-all", Totp.randomSecret());
        OtpDevice otp = user.otpDevice();
        try (AccountConsole console = AccountConsole.signIn(browser, server, user)) {
            console.openFromNavigation(PAGE);
            createKey(console, "Portfolio reader", READ_ONLY, "", otp.nextCode());
            createKey(console, "Market maker", READ_TRADE, "198.51.100.20", otp.nextCode());
            assertThat(console.page().getByTestId("key-count")).hasText("2 of 50 keys");

            console.button("Delete all").click();
            Locator confirm = console.dialog().getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Delete all").setExact(true));
            console.enterCode(otp.nextCode());
            assertThat(confirm).isDisabled();
            console.screenshot("delete-all-1-needs-confirmation");
            console.dialog().getByRole(AriaRole.CHECKBOX, new Locator.GetByRoleOptions().setName("Yes, delete all 2 keys")).check();
            assertThat(confirm).isEnabled();
            console.screenshot("delete-all-2-confirmed");
            confirm.click();
            console.waitForDialogToClose();

            assertThat(console.page().getByText("No API keys yet")).isVisible();
            assertEquals(0, keys(admin, user).size());
            console.screenshot("delete-all-3-empty");
        }
    }

    @Test
    void wrongCodeIsShownAtTheCodeFieldAndTheNextCodeWorks(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUserWithOtp(realm, "wrong-code", Totp.randomSecret());
        try (AccountConsole console = AccountConsole.signIn(browser, server, user)) {
            console.openFromNavigation(PAGE);
            console.openCreateDialog();
            console.fillKeyForm("Arbitrage", READ_ONLY, "");
            console.enterCode(wrongCode(user.otpDevice().secret()));
            console.submitDialog("Create");

            Locator code = console.codeField();
            assertThat(code).hasAttribute("aria-invalid", "true");
            assertThat(code).hasValue("");
            assertThat(code).isFocused();
            assertEquals("The code is wrong or was already used. Wait for the next code and try again.",
                    console.fieldMessage(code));
            console.screenshot("wrong-code-1-error-at-the-field");
            assertEquals(0, keys(admin, user).size());

            console.enterCode(user.otpDevice().nextCode());
            console.submitDialog("Create");
            assertThat(console.page().getByTestId("secret-dialog")).isVisible();
            console.screenshot("wrong-code-2-next-code-works");
        }
    }

    @Test
    void refusalsAreShownAtTheFieldTheyConcern(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUserWithOtp(realm, "refusals", Totp.randomSecret());
        OtpDevice otp = user.otpDevice();
        try (AccountConsole console = AccountConsole.signIn(browser, server, user)) {
            Page page = console.page();
            console.openFromNavigation(PAGE);
            createKey(console, "Reporting", READ_ONLY, "", otp.nextCode());

            console.openCreateDialog();
            console.fillKeyForm("Withdrawals", READ_TRADE_WITHDRAW, "");
            console.submitDialog("Create");
            Locator permissions = console.radio(READ_TRADE_WITHDRAW);
            assertThat(permissions).isFocused();
            assertThat(console.dialog()).containsText("Add an IP allow-list to grant Withdraw.");
            assertEquals("Enter the code from your authenticator app.", console.fieldMessage(console.codeField()));

            Locator ips = console.textbox("IP allow-list");
            ips.fill("203.0.113.9\n300.1.2.3, example.com");
            console.submitDialog("Create");
            assertEquals("Not an IP address or CIDR range: 300.1.2.3, example.com", console.fieldMessage(ips));
            console.screenshot("refusals-1-checked-before-a-code-is-spent");

            console.fillKeyForm("Reporting", READ_ONLY, "");
            console.enterCode(otp.nextCode());
            console.submitDialog("Create");
            Locator label = console.textbox("Label");
            assertThat(label).hasAttribute("aria-invalid", "true");
            assertEquals("Another of your keys already has this label.", console.fieldMessage(label));
            console.screenshot("refusals-2-label-taken");
            assertEquals(1, keys(admin, user).size());
            assertThat(page.getByTestId("secret-dialog")).hasCount(0);
        }
    }

    @Test
    void keyboardAloneCreatesRenewsAndDeletesAKey(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUserWithOtp(realm, "keyboard", Totp.randomSecret());
        try (AccountConsole console = AccountConsole.signIn(browser, server, user)) {
            Page page = console.page();
            console.openFromNavigation(PAGE);
            console.button("Create API key").focus();
            page.keyboard().press("Enter");

            assertThat(console.textbox("Label")).isFocused();
            page.keyboard().type("Keyboard bot");
            page.keyboard().press("Tab");
            assertThat(console.radio(READ_ONLY)).isFocused();
            page.keyboard().press("ArrowDown");
            assertThat(console.radio(READ_TRADE)).isChecked();
            page.keyboard().press("Tab");
            page.keyboard().type("203.0.113.9");
            page.keyboard().press("Tab");
            assertThat(console.codeField()).isFocused();
            page.keyboard().type(user.otpDevice().nextCode());
            console.screenshot("keyboard-1-form-filled");
            page.keyboard().press("Enter");

            Locator secretDialog = page.getByTestId("secret-dialog");
            assertThat(secretDialog).isVisible();
            assertThat(secretDialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy secret")))
                    .isFocused();
            page.keyboard().press("Escape");
            assertThat(secretDialog).hasCount(0);
            Locator row = console.row("Keyboard bot");
            assertThat(row).containsText("Trade");
            assertThat(row).containsText("203.0.113.9");
            console.screenshot("keyboard-2-created");

            Locator actions = row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Actions for Keyboard bot"));
            confirmRowActionByKeyboard(console, actions, "Renew", user.otpDevice().nextCode());
            assertThat(page.getByText("API key \"Keyboard bot\" renewed")).isVisible();
            console.screenshot("keyboard-3-renewed");

            confirmRowActionByKeyboard(console, actions, "Delete", user.otpDevice().nextCode());
            assertThat(page.getByText("No API keys yet")).isVisible();
            assertEquals(0, keys(admin, user).size());
            console.screenshot("keyboard-4-deleted");
        }
    }

    /** Opens the row's menu, picks the entry and confirms it with the code, with nothing but the keyboard. */
    private static void confirmRowActionByKeyboard(AccountConsole console, Locator actions, String entry, String code) {
        Page page = console.page();
        actions.focus();
        page.keyboard().press("Enter");
        focusMenuItem(page, entry);
        page.keyboard().press("Enter");
        assertThat(console.codeField()).isFocused();
        page.keyboard().type(code);
        page.keyboard().press("Enter");
        console.waitForDialogToClose();
    }

    /** Moves through an open menu with the arrow keys, as a keyboard user does, until the named entry has focus. */
    private static void focusMenuItem(Page page, String name) {
        for (int presses = 0; presses < 8; presses++) {
            Object focused = page.evaluate("() => { const e = document.activeElement;"
                    + " return e && e.closest('[role=menuitem]') ? e.closest('[role=menuitem]').textContent.trim() : null; }");
            if (name.equals(focused)) {
                return;
            }
            page.keyboard().press("ArrowDown");
        }
        throw new AssertionError("the keyboard never reached the menu entry " + name);
    }

    private static IssuedKey createKey(AccountConsole console, String label, String permission, String ips, String code) {
        console.openCreateDialog();
        console.fillKeyForm(label, permission, ips);
        console.enterCode(code);
        console.submitDialog("Create");
        IssuedKey issued = console.issuedKey();
        console.closeSecretDialog();
        assertThat(console.row(label)).isVisible();
        return issued;
    }

    private static JsonNode keys(Admin admin, TestUser user) {
        return admin.get(Admin.realmPath(user.realm()) + "/api-keys/users/" + user.id()).expect(200).json();
    }

    private static JsonNode onlyKey(Admin admin, TestUser user) {
        JsonNode keys = keys(admin, user);
        assertEquals(1, keys.size(), keys.toString());
        return keys.get(0);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** Six digits that no step the realm accepts right now produces. */
    private static String wrongCode(String secret) {
        long now = Totp.step(Instant.now());
        Set<String> valid = new HashSet<>();
        for (long step = now - 12; step <= now + 12; step++) {
            valid.add(Totp.code(secret, step));
        }
        for (int candidate = 0; ; candidate++) {
            String code = String.format(Locale.ROOT, "%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }
}
