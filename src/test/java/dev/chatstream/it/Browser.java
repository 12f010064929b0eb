package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.io.IOException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its own chromedriver ({@code it.chromium}, {@code it.chromedriver};
 * nothing is downloaded), with the page's console recorded and screenshots written to
 * {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {

    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    private static final Path SCREENSHOTS = Path.of(System.getProperty("it.screenshots", "target/screenshots"));

    final ChromeDriver driver;
    private final Path profile;
    /** Where the page's downloads (exports) are saved, without asking. */
    final Path downloads;
    private final List<String> allowedErrors = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = profile.resolve("downloads");
    }

    private static final String CHROMIUM = System.getProperty("it.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("it.chromedriver", "/usr/bin/chromedriver");

    static boolean installed() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    }

    /**
     * Chromium for a browser test class. Without it the class is skipped, as the PostgreSQL run is, except
     * where it is required: in CI and with {@code -Dit.browser.required}.
     */
    static Browser startOrSkip() throws IOException {
        boolean required = System.getenv("CI") != null || System.getProperty("it.browser.required") != null;
        if (!installed()) {
            assertFalse(required, "Chromium and chromedriver are required here: apt-get install chromium chromium-driver");
            Assumptions.abort("Chromium or chromedriver is not installed: apt-get install chromium chromium-driver");
        }
        return start();
    }

    /** Keeps a screenshot of whatever the page showed when a test failed ({@code failed-<prefix><test>}). */
    static TestWatcher failureScreenshots(Supplier<Browser> browser, String prefix) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                if (browser.get() != null) {
                    browser.get().screenshot("failed-" + prefix + context.getRequiredTestMethod().getName());
                }
            }
        };
    }

    private static Browser start() throws IOException {
        Path profile = Files.createTempDirectory("chatstream-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // the machine is offline: no sandbox in a container, and nothing that phones home
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--lang=en-US",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en",
                "download.default_directory", profile.resolve("downloads").toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new Browser(new ChromeDriver(service, options), profile);
    }

    /** A clean tab for the next test: no token, no remembered chats or language, desktop size. */
    void reset(String base) {
        driver.manage().window().setSize(DESKTOP);
        driver.get(base + "favicon.svg"); // the site's storage, without starting the page on the last test's state
        driver.executeScript("sessionStorage.clear(); localStorage.clear();");
        driver.get("about:blank");
        consoleErrors(); // what the cleaning itself logged does not count
        allowedErrors.clear();
    }

    /** Console errors containing this text are expected in the current test (a refused request logs one). */
    void allowConsoleError(String text) {
        allowedErrors.add(text);
    }

    /** The console's errors since the last call, minus the allowed ones. */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && allowedErrors.stream().noneMatch(entry.getMessage()::contains)) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        TestFiles.deleteTree(profile);
    }
}
