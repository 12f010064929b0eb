package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A test of the chat page in headless Chromium, served by the server under test: one browser per test class, a
 * fresh tab per test, a screenshot of every failure, and no console errors allowed.
 */
abstract class ChatPageIT extends ServerIT {

    static Browser browser;

    ChatPage page;

    @RegisterExtension
    static final TestWatcher FAILURE_SCREENSHOTS = Browser.failureScreenshots(() -> browser, "");

    /** Without Chromium the tests are skipped, as the PostgreSQL run is, except in CI (or -Dit.browser.required). */
    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.startOrSkip();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @BeforeEach
    void freshTab() {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        browser.reset(root);
        page = new ChatPage(browser.driver, root);
    }

    @AfterEach
    void noConsoleErrors() {
        assertEquals(List.of(), browser.consoleErrors(), "the browser console shows no errors");
    }
}
