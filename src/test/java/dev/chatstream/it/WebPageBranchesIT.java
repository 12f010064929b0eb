package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The chat page's conversation tree in headless Chromium: regenerate a reply, edit a question, switch between
 * their versions with {@code < 1/2 >}, rate replies, export and import a chat, search the chats; on a phone and in
 * Chinese too.
 */
class WebPageBranchesIT extends ChatPageIT {

    private static String marker() {
        return "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The question's first answer is quick; a regenerated one streams for a second or so. The chat's title apart. */
    private void scriptTwoAnswers(String question) {
        upstream.scriptCompletions(question, Script.reply("Two answers"));
        upstream.script(question, Script.failFirst(1, Script.reply("Paris, first answer."),
                Script.reply(Script.words("Second answer: it is Paris, of course.", 3)).interval(Duration.ofMillis(80))));
    }

    @Test
    void aReplyIsRegeneratedAQuestionEditedAndEachVersionShownAgain() {
        String marker = marker();
        String user = "tree-" + marker;
        scriptTwoAnswers("capital " + marker);
        page.signIn(user);
        page.waitUntilComplete(page.send("hello " + marker));
        page.waitUntilComplete(page.send("capital " + marker));
        assertEquals("Paris, first answer.", page.text(page.lastReply()).trim());
        assertFalse(regenerate(page.replies().get(0)).isDisplayed(), "only the last reply can be regenerated");
        assertTrue(page.replies().get(0).findElements(By.cssSelector(".branch")).isEmpty(), "no versions yet");

        regenerate(page.lastReply()).click();
        page.waitUntil(d -> page.isStreaming(page.lastReply()) && page.text(page.lastReply()).startsWith("Sec"));
        WebElement streaming = page.lastReply();
        assertEquals("2/2", position(streaming));
        assertFalse(button(streaming, ".branch .previous").isEnabled(), "no switching while the reply is written");
        assertFalse(button(userMessages().get(0), ".edit").isEnabled(), "no editing while the reply is written");
        page.waitUntilComplete(streaming);
        assertEquals("Second answer: it is Paris, of course.", page.text(page.lastReply()).trim());
        assertEquals(4, page.messages().size(), "the new reply took the old one's place");
        assertEquals("Version 2 of 2", page.lastReply().findElement(By.cssSelector(".branch")).getDomAttribute("aria-label"));
        assertFalse(button(page.lastReply(), ".branch .next").isEnabled());
        browser.screenshot("regenerated");

        button(page.lastReply(), ".branch .previous").click();
        page.waitUntil(d -> page.text(page.lastReply()).trim().equals("Paris, first answer."));
        assertEquals("1/2", position(page.lastReply()));
        String token = api.token(user);
        String session = expect(200, api.get("api/v1/sessions", token)).path("data").get(0).path("id").asText();
        assertEquals("Paris, first answer.", last(history(token, session)).path("content").asText(),
                "the server shows the branch the page switched to");
        button(page.lastReply(), ".branch .next").click();
        page.waitUntil(d -> page.text(page.lastReply()).trim().startsWith("Second answer"));

        WebElement question = userMessages().get(0);
        button(question, ".edit").click();
        WebElement editor = page.waitFor(By.cssSelector("#message-list .editor textarea"));
        assertEquals("hello " + marker, editor.getDomProperty("value"));
        assertEquals("Edit your message", editor.getAccessibleName());
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), "hi again " + marker);
        button(question, ".editor .cancel-edit").click();
        page.waitUntil(d -> page.find("#message-list").findElements(By.cssSelector(".editor")).isEmpty());
        assertEquals(4, page.messages().size(), "cancel changes nothing");

        button(userMessages().get(0), ".edit").click();
        editor = page.waitFor(By.cssSelector("#message-list .editor textarea"));
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), "hi again " + marker);
        page.find("#message-list .editor .save-edit").click();
        page.waitUntil(d -> page.messages().equals(List.of("user: hi again " + marker, "assistant: You said: hi again " + marker)));
        page.waitUntilComplete(page.lastReply());
        assertEquals("2/2", position(userMessages().get(0)));
        browser.screenshot("edited");

        button(userMessages().get(0), ".branch .previous").click();
        page.waitUntil(d -> page.messages().size() == 4);
        assertEquals(List.of("user: hello " + marker, "assistant: You said: hello " + marker, "user: capital " + marker,
                "assistant: Second answer: it is Paris, of course."), page.messages(), "the old branch, as it went on");
        assertEquals("1/2", position(userMessages().get(0)));
        assertEquals("2/2", position(page.lastReply()));
    }

    @Test
    void aReplyIsRatedUpThenDownAndTheRatingTakenBack() {
        String marker = marker();
        String user = "rate-" + marker;
        page.signIn(user);
        page.waitUntilComplete(page.send("rate this " + marker));
        WebElement up = button(page.lastReply(), ".rate-up");
        assertEquals("Good reply", up.getAccessibleName());
        assertEquals("false", up.getDomAttribute("aria-pressed"));
        String token = api.token(user);
        page.waitUntil(d -> !page.sessionTitles().isEmpty());
        String session = expect(200, api.get("api/v1/sessions", token)).path("data").get(0).path("id").asText();

        up.click();
        page.waitUntil(d -> "true".equals(button(page.lastReply(), ".rate-up").getDomAttribute("aria-pressed")));
        assertEquals("up", last(history(token, session)).path("feedback").path("rating").asText());

        button(page.lastReply(), ".rate-down").click();
        page.waitUntil(d -> "true".equals(button(page.lastReply(), ".rate-down").getDomAttribute("aria-pressed")));
        assertEquals("false", button(page.lastReply(), ".rate-up").getDomAttribute("aria-pressed"));
        assertEquals("down", last(history(token, session)).path("feedback").path("rating").asText());

        button(page.lastReply(), ".rate-down").click();
        page.waitUntil(d -> "false".equals(button(page.lastReply(), ".rate-down").getDomAttribute("aria-pressed")));
        assertTrue(last(history(token, session)).path("feedback").isMissingNode(), "pressed again, the rating is gone");

        browser.driver.navigate().refresh();
        page.waitUntilSignedIn();
        page.waitUntil(d -> page.replies().size() == 1);
        button(page.lastReply(), ".rate-up").click();
        page.waitUntil(d -> "true".equals(button(page.lastReply(), ".rate-up").getDomAttribute("aria-pressed")));
        browser.driver.navigate().refresh();
        page.waitUntilSignedIn();
        page.waitUntil(d -> page.replies().size() == 1);
        assertEquals("true", button(page.lastReply(), ".rate-up").getDomAttribute("aria-pressed"), "the history shows the rating");
    }

    @Test
    void aChatIsExportedAsMarkdownAndJsonAndTheJsonImportedAsANewChat() throws IOException {
        String marker = marker();
        upstream.scriptCompletions("export " + marker, Script.reply("Export me"));
        page.signIn("export-" + marker);
        assertFalse(page.find("#export").isDisplayed(), "a new chat has nothing to export");
        page.waitUntilComplete(page.send("export " + marker));
        page.waitUntil(d -> page.sessionTitles().equals(List.of("Export me")));

        page.find("#export summary").click();
        page.waitUntil(d -> page.find("#export-markdown").isDisplayed());
        page.find("#export-markdown").click();
        Path markdown = downloaded("chatstream-export-me.md");
        String text = Files.readString(markdown);
        assertTrue(text.contains("## You\n\nexport " + marker), text);
        assertTrue(text.contains("You said: export " + marker), text);
        assertFalse(page.find("#export-markdown").isDisplayed(), "the menu closes");

        page.find("#export summary").click();
        page.waitUntil(d -> page.find("#export-json").isDisplayed());
        page.find("#export-json").click();
        Path json = downloaded("chatstream-export-me.json");
        JsonNode export = Api.read(Files.readString(json));
        assertEquals("chatstream.session", export.path("format").asText());
        assertEquals(List.of("export " + marker, "You said: export " + marker), StreamSupport.stream(
                export.path("messages").spliterator(), false).map(message -> message.path("content").asText()).toList());

        WebElement file = page.find("#import-file");
        page.js("arguments[0].hidden = false", file); // the button opens the system's file picker, which a test cannot use
        file.sendKeys(json.toAbsolutePath().toString());
        page.waitUntil(d -> page.sessionTitles().size() == 2);
        page.waitUntil(d -> page.messages().equals(List.of("user: export " + marker, "assistant: You said: export " + marker)));
        assertEquals("Export me", page.headerTopic());
        assertEquals(page.sessionTitles().get(0), page.currentSessionTitle());
    }

    @Test
    void theSearchBoxFindsAChatByAWordFromItsMessages() {
        String marker = marker();
        String user = "find-" + marker;
        String token = api.token(user);
        String word = "umbrella" + marker.substring(1, 7);
        for (Map.Entry<String, String> chat : Map.of("Trip notes", "pack the " + word + " please",
                "Recipes", "flour and water " + marker).entrySet()) {
            String session = expect(201, api.post("api/v1/sessions", token,
                    Api.json(Map.of("topic", chat.getKey())))).path("id").asText();
            assertEquals("done", api.stream(token, Map.of("message", chat.getValue(), "session_id", session)).last().type());
        }
        page.signIn(user);
        page.waitUntil(d -> page.sessionTitles().size() == 2);
        WebElement search = page.find("#session-search");
        assertEquals("Search chats", search.getAccessibleName());
        assertFalse(page.find("#session-search-clear").isDisplayed());

        search.sendKeys(word.toUpperCase());
        page.waitUntil(d -> page.sessionTitles().equals(List.of("Trip notes")));
        browser.screenshot("search");
        page.session("Trip notes").findElement(By.cssSelector("button.session")).click();
        page.waitUntil(d -> page.messages().size() == 2 && page.messages().get(0).contains(word));

        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), "nothing" + marker);
        page.waitUntil(d -> page.find("#sessions-status").getText().equals("No chats match “nothing" + marker + "”"));
        assertEquals(List.of(), page.sessionTitles());

        new Select(page.find(".sidebar-foot .language-select")).selectByValue("zh");
        assertEquals("没有与“nothing" + marker + "”匹配的对话", page.find("#sessions-status").getText());
        assertEquals("清除搜索", page.find("#session-search-clear").getAccessibleName());
        new Select(page.find(".sidebar-foot .language-select")).selectByValue("en");

        page.find("#session-search-clear").click();
        page.waitUntil(d -> page.sessionTitles().size() == 2);
        assertEquals("", search.getDomProperty("value"));
        assertFalse(page.find("#session-search-clear").isDisplayed());
    }

    @Test
    void onAPhoneTheLastReplyIsRegeneratedAndTheVersionsSwitched() {
        String marker = marker();
        scriptTwoAnswers("phone " + marker);
        browser.driver.manage().window().setSize(Browser.PHONE);
        page.signIn("mobile-" + marker);
        page.waitUntilComplete(page.send("phone " + marker));
        assertTrue(page.find("#export summary").isDisplayed());
        assertFits(page.find("#export summary"));

        WebElement regenerate = regenerate(page.lastReply());
        assertTrue(regenerate.isDisplayed(), "the last reply's actions are on screen without hovering");
        assertFits(regenerate);
        regenerate.click();
        page.waitUntil(d -> page.text(page.lastReply()).startsWith("Sec"));
        page.waitUntilComplete(page.lastReply());
        assertEquals("2/2", position(page.lastReply()));
        WebElement previous = button(page.lastReply(), ".branch .previous");
        assertFits(previous);
        assertTrue(previous.getRect().getHeight() >= 24, "big enough to tap: " + previous.getRect().getHeight());
        browser.screenshot("phone-regenerated");

        previous.click();
        page.waitUntil(d -> page.text(page.lastReply()).trim().equals("Paris, first answer."));
        assertEquals("1/2", position(page.lastReply()));
        assertTrue(button(userMessages().get(0), ".edit").isDisplayed());

        page.find("#menu").click();
        page.waitUntil(d -> page.find("#session-search").isDisplayed());
        List<String> unnamed = browser.driver.findElements(By.cssSelector("button, input, select, textarea, summary")).stream()
                .filter(WebElement::isDisplayed)
                .filter(control -> control.getAccessibleName().isBlank())
                .map(control -> control.getDomProperty("outerHTML")).toList();
        assertEquals(List.of(), unnamed, "every control on screen has an accessible name");
    }

    @Test
    void theNewControlsSpeakChinese() {
        String marker = marker();
        scriptTwoAnswers("中文 " + marker);
        page.signIn("zh-" + marker);
        new Select(page.find(".sidebar-foot .language-select")).selectByValue("zh");
        assertEquals("搜索对话", page.find("#session-search").getDomAttribute("placeholder"));
        page.waitUntilComplete(page.send("中文 " + marker));
        regenerate(page.lastReply()).click();
        page.waitUntil(d -> page.text(page.lastReply()).startsWith("Sec"));
        page.waitUntilComplete(page.lastReply());

        WebElement reply = page.lastReply();
        assertEquals("重新生成回复", regenerate(reply).getAccessibleName());
        assertEquals("好回复", button(reply, ".rate-up").getAccessibleName());
        assertEquals("差回复", button(reply, ".rate-down").getAccessibleName());
        assertEquals("上一个版本", button(reply, ".branch .previous").getAccessibleName());
        assertEquals("下一个版本", button(reply, ".branch .next").getAccessibleName());
        assertEquals("第 2 个版本，共 2 个", reply.findElement(By.cssSelector(".branch")).getDomAttribute("aria-label"));
        assertEquals("编辑消息", button(userMessages().get(0), ".edit").getAccessibleName());
        assertEquals("导出", page.find("#export summary").getText());
        assertEquals("导入", page.find("#import-open").getText());

        new Select(page.find(".sidebar-foot .language-select")).selectByValue("en");
        assertEquals("Regenerate reply", regenerate(page.lastReply()).getAccessibleName(), "a language switch relabels them");
        new Select(page.find(".sidebar-foot .language-select")).selectByValue("zh");
        page.find("#export summary").click();
        page.waitUntil(d -> page.find("#export-json").isDisplayed());
        assertEquals("JSON，含所有版本（.json）", page.find("#export-json").getText());
        page.find("#export summary").click();

        button(userMessages().get(0), ".edit").click();
        assertEquals("保存并发送", page.waitFor(By.cssSelector(".editor .save-edit")).getText());
        assertEquals("取消", page.find(".editor .cancel-edit").getText());
        browser.screenshot("chinese-branches");
    }

    private List<WebElement> userMessages() {
        return browser.driver.findElements(By.cssSelector("#message-list article.user"));
    }

    private static WebElement button(WebElement message, String css) {
        return message.findElement(By.cssSelector(css));
    }

    private static WebElement regenerate(WebElement reply) {
        return button(reply, ".actions .regenerate");
    }

    private static String position(WebElement message) {
        return message.findElement(By.cssSelector(".branch-position")).getText();
    }

    private void assertFits(WebElement element) {
        Rectangle box = element.getRect();
        assertTrue(box.getX() >= 0 && box.getX() + box.getWidth() <= Browser.PHONE.width, "within the screen: " + box);
    }

    private JsonNode history(String token, String session) {
        return expect(200, api.get("api/v1/sessions/" + session + "/messages", token));
    }

    private static JsonNode last(JsonNode history) {
        JsonNode data = history.path("data");
        return data.get(data.size() - 1);
    }

    /** The file the page saved, once Chromium has finished writing it. */
    private Path downloaded(String name) {
        Path file = browser.downloads.resolve(name);
        page.waitUntil(d -> Files.isRegularFile(file) && partialDownloads().isEmpty());
        return file;
    }

    private List<Path> partialDownloads() {
        if (!Files.isDirectory(browser.downloads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(browser.downloads)) {
            return files.filter(file -> file.toString().endsWith(".crdownload")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
