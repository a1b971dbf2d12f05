package dev.apikeys.keycloak.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.apikeys.keycloak.it.KeycloakServer;
import dev.apikeys.keycloak.it.RunGuard;
import dev.apikeys.keycloak.it.TestUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The account console in a fresh browser context, driven the way a person does: through the labels and roles
 * they see, in English unless the appearance says otherwise.
 */
final class AccountConsole implements AutoCloseable {

    record Appearance(String locale, ColorScheme colorScheme) {
        static final Appearance DEFAULT = new Appearance("en-US", ColorScheme.LIGHT);
    }

    /** What the after-create dialog shows, read from the page. */
    record IssuedKey(String accessKey, String secret) {
    }

    private static final String SCREENSHOTS_PROPERTY = "it.work.dir";

    private final BrowserContext context;
    private final Page page;
    private final List<String> consoleMessages = new ArrayList<>();

    private AccountConsole(BrowserContext context) {
        this.context = context;
        this.page = context.newPage();
        page.onConsoleMessage(message -> consoleMessages.add(message.text()));
    }

    static AccountConsole signIn(Browser browser, KeycloakServer server, TestUser user) {
        return signIn(browser, server, user, Appearance.DEFAULT);
    }

    /** Opens the console root, passes Keycloak's login form (password, then the OTP code if the user has one). */
    static AccountConsole signIn(Browser browser, KeycloakServer server, TestUser user, Appearance appearance) {
        AccountConsole console = new AccountConsole(browser.newContext(new Browser.NewContextOptions()
                .setLocale(appearance.locale())
                .setColorScheme(appearance.colorScheme())
                .setPermissions(List.of("clipboard-read", "clipboard-write"))
                .setViewportSize(1400, 900)));
        try {
            Page page = console.page;
            page.navigate(server.baseUrl() + "/realms/" + user.realm() + "/account/");
            page.locator("#username").fill(user.username());
            page.locator("#password").fill(user.password());
            page.locator("#kc-login").click();
            if (user.otp().isPresent()) {
                page.locator("#otp").fill(user.otpDevice().nextCode());
                page.locator("#kc-login").click();
            }
            page.locator("[data-testid=page-header]").waitFor();
            return console;
        } catch (RuntimeException e) {
            AssertionError failure = new AssertionError("the account console did not open at " + console.page.url()
                    + "; the page says: " + console.visibleText() + "; browser console: " + console.consoleMessages, e);
            console.close();
            throw failure;
        }
    }

    Page page() {
        return page;
    }

    private String visibleText() {
        try {
            String text = page.innerText("body").replaceAll("\\s+", " ").strip();
            return text.length() <= 600 ? text : text.substring(0, 600) + "...";
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Follows the navigation entry, as a person would, and waits for the page's heading of the same name. */
    void openFromNavigation(String entry) {
        openFromNavigation(entry, entry);
    }

    void openFromNavigation(String entry, String pageHeading) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(entry).setExact(true)).click();
        heading(pageHeading).waitFor();
    }

    Locator heading(String text) {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(text).setExact(true).setLevel(1));
    }

    Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator dialog() {
        return page.getByRole(AriaRole.DIALOG);
    }

    Locator row(String label) {
        return page.locator("tr[data-key-label=\"" + label + "\"]");
    }

    void openCreateDialog() {
        button("Create API key").click();
        dialog().waitFor();
    }

    /** Fills the create/edit form; the permission is the radio's label, IPs as typed into the text area. */
    void fillKeyForm(String label, String permission, String ipAllowList) {
        textbox("Label").fill(label);
        radio(permission).check();
        textbox("IP allow-list").fill(ipAllowList);
    }

    void enterCode(String code) {
        codeField().fill(code);
    }

    Locator codeField() {
        return textbox("Authenticator code");
    }

    /** A text field of the open dialog, by its label as announced (without the required-marker). */
    Locator textbox(String name) {
        return dialog().getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator radio(String name) {
        return dialog().getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    /** The refusal or hint shown under a field, found through the field's aria-describedby. */
    String fieldMessage(Locator field) {
        String describedBy = field.getAttribute("aria-describedby");
        return page.locator("[id=\"" + describedBy + "\"]").innerText().strip();
    }

    void submitDialog(String buttonName) {
        dialog().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(buttonName).setExact(true)).click();
    }

    IssuedKey issuedKey() {
        Locator secretDialog = page.getByTestId("secret-dialog");
        secretDialog.waitFor();
        IssuedKey issued = new IssuedKey(
                secretDialog.getByTestId("issued-access-key").innerText().strip(),
                secretDialog.getByTestId("issued-secret").innerText().strip());
        RunGuard.recordSecretsIn(issued.secret());
        return issued;
    }

    /** Clicks the copy button next to the secret and returns what landed on the clipboard, as a user would paste it. */
    String copySecret() {
        page.getByTestId("secret-dialog").getByTestId("issued-secret").getByRole(AriaRole.BUTTON).click();
        return String.valueOf(page.evaluate("() => navigator.clipboard.readText()"));
    }

    void closeSecretDialog() {
        button("I have stored the secret").click();
        page.getByTestId("secret-dialog").waitFor(new Locator.WaitForOptions()
                .setState(WaitForSelectorState.DETACHED));
    }

    /** Opens the row's kebab menu and picks an entry. */
    void rowAction(String label, String action) {
        row(label).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Actions for " + label)).click();
        page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName(action).setExact(true)).click();
        dialog().waitFor();
    }

    void waitForDialogToClose() {
        dialog().waitFor(new Locator.WaitForOptions()
                .setState(WaitForSelectorState.DETACHED));
    }

    /** Every place the browser could keep text: the DOM and everything {@link #everythingTheBrowserStores()} reads. */
    String everythingTheBrowserKeeps() {
        return String.join("\n", page.content(), everythingTheBrowserStores());
    }

    /** What outlives the page: both storages, cookies, the URL and its history entry, the console. */
    String everythingTheBrowserStores() {
        Object storage = page.evaluate("() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage },"
                + " state: history.state })");
        List<String> cookies = context.cookies().stream().map(cookie -> cookie.name + "=" + cookie.value).toList();
        return String.join("\n", String.valueOf(storage), String.join("\n", cookies), page.url(),
                String.join("\n", consoleMessages));
    }

    void screenshot(String name) {
        Path file = screenshotDir().resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    }

    static Path screenshotDir() {
        String workDir = System.getProperty(SCREENSHOTS_PROPERTY);
        Path dir = workDir == null ? Path.of("target", "screenshots") : Path.of(workDir).resolve("screenshots");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** Whether a computed CSS colour (rgb or rgba) is dark. */
    static boolean isDark(String rgb) {
        String[] channels = rgb.replaceAll("[^0-9,]", "").split(",");
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += Integer.parseInt(channels[i]);
        }
        return sum < 3 * 96;
    }
}
