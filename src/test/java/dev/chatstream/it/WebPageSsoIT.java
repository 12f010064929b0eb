package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.testing.Script;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The chat page signing in through an identity provider: Keycloak, and a chatstream server configured for it
 * ({@link SsoServer}: realm {@code chatstream}, public client {@code chatstream-web}, user alice). In headless
 * Chromium: OpenID Connect code + PKCE through Keycloak's own login page, chatting with the demo model, a
 * reload, a token renewal, and signing out at Keycloak.
 */
class WebPageSsoIT {

    private static Browser browser;
    private static SsoServer sso;

    private String root;
    private ChatPage page;

    @RegisterExtension
    static final TestWatcher FAILURE_SCREENSHOTS = Browser.failureScreenshots(() -> browser, "sso-");

    @BeforeAll
    static void start() throws IOException {
        browser = Browser.startOrSkip();
        sso = SsoServer.get();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshTab() {
        String url = String.valueOf(sso.url());
        root = url.endsWith("/") ? url : url + "/";
        browser.reset(root);
        page = new ChatPage(browser.driver, root);
    }

    @AfterEach
    void noConsoleErrors() {
        assertEquals(List.of(), browser.consoleErrors(), "the browser console shows no errors");
    }

    @Test
    void signsInAtTheIdentityProviderChatsRenewsItsTokenAndSignsOutThere() {
        page.open();
        WebElement signIn = page.waitFor(By.id("signin-sso-button"));
        page.waitUntil(d -> signIn.isDisplayed());
        assertEquals("Sign in with your organisation", signIn.getText());
        assertFalse(page.find("#signin-form").isDisplayed(), "no dev sign-in when the page signs in with OpenID Connect");
        browser.screenshot("sso-sign-in");

        signIn.click();
        logInAtKeycloak("alice", "alice-password");
        page.waitUntilSignedIn();
        assertEquals(root, browser.driver.getCurrentUrl(), "code and state left the address bar");
        assertEquals("Signed in as alice", page.find("#user-name").getText());
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = (Map<String, Object>) page.js("return import('./js/auth.js').then(auth => auth.claims())");
        assertTrue(String.valueOf(claims.get("iss")).endsWith("/realms/chatstream"), "Keycloak's access token: " + claims);
        assertEquals("chatstream-web", claims.get("azp"));

        String marker = "sso-" + UUID.randomUUID();
        Upstream.get().script(marker, Script.reply("Signed in ", "through Keycloak.").interval(Duration.ofMillis(20)));
        WebElement reply = page.send(marker);
        page.waitUntilComplete(reply);
        assertEquals("Signed in through Keycloak.", page.text(reply).strip(), "the model's reply, streamed in");
        browser.screenshot("sso-chat");

        browser.driver.navigate().refresh();
        page.waitUntilSignedIn();
        assertEquals("Signed in as alice", page.find("#user-name").getText(), "a reload keeps the sign-in");
        page.waitUntil(d -> page.messages().size() == 2);

        // what the automatic renewal does before the token expires: a new access token with the refresh token
        String before = (String) page.js("return import('./js/auth.js').then(auth => auth.token())");
        String renewed = (String) page.js("return import('./js/auth.js').then(auth => auth.renew())");
        assertNotEquals(before, renewed, "a new access token");
        assertEquals(renewed, page.js("return import('./js/auth.js').then(auth => auth.token())"), "the API gets the new one");
        String second = "sso-" + UUID.randomUUID();
        Upstream.get().script(second, Script.reply("Still ", "here."));
        WebElement again = page.send(second);
        page.waitUntilComplete(again);
        assertEquals("Still here.", page.text(again).strip(), "the page goes on working with the renewed token");

        page.find("#sign-out").click();
        WebElement signInAgain = page.waitFor(By.id("signin-sso-button"));
        page.waitUntil(d -> signInAgain.isDisplayed() && d.getCurrentUrl().equals(root));
        assertEquals(List.of(), page.strings("return Object.keys(sessionStorage).filter(key => key.startsWith('oidc.'))"),
                "the tab forgot the user");
        browser.screenshot("sso-signed-out");

        signInAgain.click();
        page.waitFor(By.id("username")); // Keycloak asks again: its session ended with the sign-out
        assertTrue(browser.driver.getCurrentUrl().contains("/realms/chatstream/protocol/openid-connect/auth"));
    }

    /** On Keycloak's login page, reached by the page's redirect with a PKCE challenge. */
    private void logInAtKeycloak(String user, String password) {
        WebElement name = page.waitFor(By.id("username"));
        String url = browser.driver.getCurrentUrl();
        assertTrue(url.contains("/realms/chatstream/protocol/openid-connect/auth"), url);
        assertTrue(url.contains("code_challenge_method=S256") && url.contains("response_type=code"), "code + PKCE: " + url);
        browser.screenshot("sso-keycloak-login");
        name.sendKeys(user);
        browser.driver.findElement(By.id("password")).sendKeys(password);
        browser.driver.findElement(By.id("kc-login")).click();
    }
}
