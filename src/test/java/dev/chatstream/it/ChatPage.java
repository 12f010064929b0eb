package dev.chatstream.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The chat page as a user sees and uses it: what is shown, and the clicks and keys that change it. */
final class ChatPage {

    private final WebDriver driver;
    private final String base;

    ChatPage(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    void open() {
        driver.get(base);
    }

    /** Opens the page and signs in with the dev sign-in. */
    void signIn(String user) {
        open();
        WebElement name = waitFor(By.id("signin-user"));
        waitUntil(d -> name.isDisplayed());
        name.sendKeys(user);
        name.sendKeys(Keys.ENTER);
        waitUntilSignedIn();
    }

    void waitUntilSignedIn() {
        waitUntil(d -> find("#app").isDisplayed() && !driver.findElements(By.cssSelector("button.assistant[aria-current]")).isEmpty());
    }

    void pickAssistant(String name) {
        find("button.assistant[data-assistant='" + name + "']").click();
        waitUntil(d -> "true".equals(find("button.assistant[data-assistant='" + name + "']").getDomAttribute("aria-current")));
    }

    WebElement composer() {
        return find("#composer-input");
    }

    /** Types text and presses Enter; returns once the reply to it has started to appear. */
    WebElement send(String text) {
        int replies = replies().size();
        composer().sendKeys(text);
        composer().sendKeys(Keys.ENTER);
        waitUntil(d -> replies().size() > replies);
        return replies().get(replies().size() - 1);
    }

    /** The assistant's replies shown, oldest first (the greeting is not a reply). */
    List<WebElement> replies() {
        return driver.findElements(By.cssSelector("#message-list article.assistant:not(.greeting)"));
    }

    WebElement lastReply() {
        List<WebElement> replies = replies();
        return replies.get(replies.size() - 1);
    }

    /** Each message shown as "role: text", oldest first; a reply as its rendered text. */
    List<String> messages() {
        return strings("return Array.from(document.querySelectorAll('#message-list article:not(.greeting)'), m =>"
                + " (m.classList.contains('user') ? 'user: ' + m.querySelector('.bubble').textContent"
                + " : 'assistant: ' + m.querySelector('.content').textContent.trim()))");
    }

    String greeting() {
        return find("#message-list .greeting").getText();
    }

    boolean isStreaming(WebElement reply) {
        return reply.getDomAttribute("class").contains("streaming");
    }

    String text(WebElement reply) {
        return (String) js("return arguments[0].querySelector('.content').textContent", reply);
    }

    /**
     * Watches a streaming reply until it is complete, recording each length of its text that was seen while it
     * was still streaming.
     */
    List<Integer> watchUntilComplete(WebElement reply, Runnable whenHalfway) {
        List<Integer> lengths = new ArrayList<>();
        boolean[] halfway = {false};
        new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(20)).until(d -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) js("return {streaming: arguments[0].classList.contains('streaming'),"
                    + " length: arguments[0].querySelector('.content').textContent.length}", reply);
            if (!(Boolean) state.get("streaming")) {
                return true;
            }
            int length = ((Number) state.get("length")).intValue();
            if (lengths.isEmpty() || lengths.get(lengths.size() - 1) != length) {
                lengths.add(length);
            }
            if (!halfway[0] && lengths.size() == 5) {
                halfway[0] = true;
                whenHalfway.run();
            }
            return false;
        });
        return lengths;
    }

    void waitUntilComplete(WebElement reply) {
        waitUntil(d -> !isStreaming(reply));
    }

    List<String> sessionTitles() {
        return strings("return Array.from(document.querySelectorAll('#session-list .session-title'), t => t.textContent)");
    }

    String currentSessionTitle() {
        return find("#session-list button.session[aria-current] .session-title").getText();
    }

    /** The chat titled so in the list, once it is there. */
    WebElement session(String title) {
        waitUntil(d -> sessionTitles().contains(title));
        return driver.findElements(By.cssSelector("#session-list li")).stream()
                .filter(item -> item.findElement(By.cssSelector(".session-title")).getDomProperty("textContent").equals(title))
                .findFirst().orElseThrow(() -> new AssertionError("no chat titled " + title + " in " + sessionTitles()));
    }

    String headerTopic() {
        return find("#chat-topic").getText();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(by));
    }

    /** Waits for condition; an element the page has just drawn anew (a re-rendered reply) is looked up again. */
    <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String script, Object... arguments) {
        return (List<String>) js(script, arguments);
    }
}
