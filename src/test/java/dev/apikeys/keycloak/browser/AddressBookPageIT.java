package dev.apikeys.keycloak.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import dev.apikeys.keycloak.it.Admin;
import dev.apikeys.keycloak.it.KeycloakExtension;
import dev.apikeys.keycloak.it.KeycloakServer;
import dev.apikeys.keycloak.it.MailServer;
import dev.apikeys.keycloak.it.TestUser;
import dev.apikeys.keycloak.it.Totp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The withdrawal addresses of the "API keys" page, with the confirmation mail read from a real SMTP server. */
@ExtendWith({KeycloakExtension.class, BrowserExtension.class})
final class AddressBookPageIT {

    private static final String BTC = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/account-console.json");
        admin.put(Admin.realmPath(realm), Map.of("smtpServer", MailServer.get().smtpSettings())).expect(204);
    }

    @Test
    void aPersonAddsAnAddressConfirmsItFromTheMailAndUploadsABatch(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUserWithOtp(realm, "addresses", Totp.randomSecret());
        try (AccountConsole console = AccountConsole.signIn(browser, server, user)) {
            Page page = console.page();
            console.openFromNavigation("API keys");
            Locator book = page.getByTestId("address-book");
            assertThat(book).containsText("No withdrawal addresses yet.");
            book.scrollIntoViewIfNeeded();
            console.screenshot("addresses-1-empty");

            page.getByTestId("add-address").click();
            console.dialog().waitFor();
            assertThat(console.dialog().getByTestId("address-rules")).containsText("the link works for 1 day and once");
            console.textbox("Remark").fill("Cold wallet");
            console.textbox("Coin").fill("btc");
            console.textbox("Network").fill("BTC");
            console.textbox("Address").fill(BTC);
            console.enterCode(user.otpDevice().nextCode());
            console.screenshot("addresses-2-add-dialog");
            console.submitDialog("Add");
            console.waitForDialogToClose();
            Locator row = page.locator("tr[data-address-remark=\"Cold wallet\"]");
            assertThat(row).containsText("Waiting for e-mail confirmation");
            assertThat(row).containsText(BTC);
            console.screenshot("addresses-3-pending");

            MailServer.Mail mail = MailServer.get().await(user.username() + "@example.test", 1);
            String consoleUrl = page.url();
            page.navigate(mail.link());
            assertThat(page.locator("#api-key-addresses")).containsText(BTC);
            assertThat(page.locator("#api-key-addresses")).containsText("Withdrawal");
            console.screenshot("addresses-4-confirmation-page");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();
            assertThat(page.getByText("The addresses are confirmed.")).isVisible();
            console.screenshot("addresses-5-confirmed-page");

            page.navigate(consoleUrl);
            assertThat(row).containsText("Confirmed");
            console.screenshot("addresses-6-confirmed-in-console");

            page.getByTestId("upload-addresses").click();
            console.dialog().waitFor();
            assertThat(console.dialog().getByTestId("csv-template")).hasAttribute("download", "withdrawal-addresses.csv");
            console.dialog().locator("input[type=file]").setInputFiles(csv("bad.csv", "remark,coin,network,address,memo\n"
                    + "Hot wallet,ETH,ERC20,0x52908400098527886E0F7030069857D2E4169EE7,\n"
                    + "Broken,ETH,,not an address,\n"));
            console.enterCode(user.otpDevice().nextCode());
            console.submitDialog("Add all");
            Locator rowErrors = console.dialog().getByTestId("row-errors");
            assertThat(rowErrors).containsText("Row 2:");
            assertThat(console.dialog().getByTestId("form-error")).containsText("The file was not added");
            console.screenshot("addresses-7-batch-refused");

            console.dialog().locator("input[type=file]").setInputFiles(csv("good.csv", "remark,coin,network,address,memo\n"
                    + "Hot wallet,ETH,ERC20,0x52908400098527886E0F7030069857D2E4169EE7,\n"
                    + "\"Sub-account, main\",*,INTERNAL,uid:10442,\n"));
            console.enterCode(user.otpDevice().nextCode());
            console.submitDialog("Add all");
            console.waitForDialogToClose();
            assertThat(page.locator("tr[data-address-remark=\"Hot wallet\"]")).containsText("Waiting for e-mail confirmation");
            assertThat(page.locator("tr[data-address-remark=\"Sub-account, main\"]")).containsText("Internal transfer");
            assertThat(page.getByTestId("address-count")).containsText("3 of 200 addresses");
            console.screenshot("addresses-8-batch-added");
            assertTrue(MailServer.get().await(user.username() + "@example.test", 2).text().contains("uid:10442"));
        }
    }

    @Test
    void anAddressIsAddedWithTheKeyboardAloneInGermanAndDarkMode(Admin admin, KeycloakServer server, Browser browser) {
        TestUser user = admin.createUserWithOtp(realm, "adressen-de", Totp.randomSecret());
        AccountConsole.Appearance germanDark = new AccountConsole.Appearance("de-DE", ColorScheme.DARK);
        try (AccountConsole console = AccountConsole.signIn(browser, server, user, germanDark)) {
            Page page = console.page();
            console.openFromNavigation("API-Schlüssel");
            Locator book = page.getByTestId("address-book");
            assertThat(book).containsText("Noch keine Auszahlungsadressen.");
            console.button("Adresse hinzufügen").focus();
            page.keyboard().press("Enter");

            assertThat(console.textbox("Bemerkung")).isFocused();
            assertThat(console.dialog().getByTestId("address-rules")).containsText("Regeln für Auszahlungsadressen");
            page.keyboard().type("Kaltes Wallet");
            page.keyboard().press("Tab");
            assertThat(console.textbox("Coin")).isFocused();
            page.keyboard().type("BTC");
            page.keyboard().press("Tab");
            page.keyboard().type("BTC");
            page.keyboard().press("Tab");
            assertThat(console.textbox("Adresse")).isFocused();
            page.keyboard().type(BTC);
            page.keyboard().press("Tab");
            page.keyboard().press("Tab");
            assertThat(console.textbox("Authenticator-Code")).isFocused();
            page.keyboard().type(user.otpDevice().nextCode());
            String background = (String) page.evaluate("() => getComputedStyle(document.querySelector('[role=dialog]')).backgroundColor");
            assertTrue(AccountConsole.isDark(background), "the dialog is dark, was " + background);
            console.screenshot("addresses-9-german-dark-keyboard");
            page.keyboard().press("Enter");

            console.waitForDialogToClose();
            assertThat(page.locator("tr[data-address-remark=\"Kaltes Wallet\"]")).containsText("Wartet auf Bestätigung per E-Mail");
            console.screenshot("addresses-10-german-dark-pending");
        }
    }

    private static Path csv(String name, String content) {
        try {
            Path file = AccountConsole.screenshotDir().resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
