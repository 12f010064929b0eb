package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.Script;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.Select;

/**
 * The chat page end to end, in headless Chromium against the deployed WAR and the fake upstream: what a user
 * sees while signing in, chatting, stopping, failing, switching assistants and languages, on a phone, and
 * what happens to hostile text. Screenshots of the main states go to target/screenshots.
 */
class WebPageIT extends ChatPageIT {

    private static final String FRACTIONS = """
            Here is how **fractions** compare:

            1. Find a common denominator
            2. Compare the numerators

            ```java
            record Fraction(int numerator, int denominator) {
                boolean isLargerThan(Fraction other) {
                    return numerator * other.denominator() > other.numerator() * denominator;
                }
            }
            ```

            So `3/4` is larger than `2/3`: 9/12 > 8/12. More on [fractions](https://example.org/fractions).""";

    private static String marker() {
        return "w-" + UUID.randomUUID();
    }

    @Test
    void aReplyStreamsInAsMarkdownWithHighlightedCodeAndTheChatIsNamed() {
        String marker = "Is 3/4 more than 2/3?"; // no random marker: this test's screenshot is the README's
        String user = "ann";
        String token = api.token(user);
        for (String topic : List.of("Planning a trip to Hangzhou", "A haiku about autumn")) {
            expect(201, api.post("api/v1/sessions", token, Api.json(Map.of("assistant", "teacher", "topic", topic))));
        }
        upstream.script(marker, Script.reply(Script.words(FRACTIONS, 6)).usage(31, 57).interval(Duration.ofMillis(40)));
        upstream.scriptCompletions(marker, Script.reply("Comparing fractions"));

        page.open();
        page.waitFor(By.cssSelector("#signin-form:not([hidden])"));
        browser.screenshot("sign-in");
        page.signIn(user);
        page.pickAssistant("teacher");
        assertEquals("Hello! What would you like to learn today?", page.greeting());
        page.waitUntil(d -> page.sessionTitles().equals(List.of("A haiku about autumn", "Planning a trip to Hangzhou"))); // newest first

        WebElement reply = page.send(marker);
        List<Integer> lengths = page.watchUntilComplete(reply, () -> browser.screenshot("streaming"));

        // Markdown may shorten the text for a moment (a closing ** hides its stars), but it grows over time
        assertTrue(lengths.size() >= 5, "the text appeared in steps while streaming, seen: " + lengths);
        assertTrue(IntStream.range(1, lengths.size()).filter(i -> lengths.get(i) > lengths.get(i - 1)).count() >= 5, "it grew: " + lengths);
        assertTrue(lengths.get(0) < page.text(reply).length() / 2, "it started small: " + lengths);
        assertEquals(List.of("user: " + marker, "assistant: " + page.text(reply).trim()), page.messages());
        assertEquals("fractions", reply.findElement(By.cssSelector(".content p strong")).getText());
        assertEquals(2, reply.findElements(By.cssSelector(".content ol li")).size());
        WebElement code = reply.findElement(By.cssSelector(".content pre code.hljs.language-java"));
        assertTrue(code.getText().contains("boolean isLargerThan(Fraction other)"));
        assertFalse(code.findElements(By.cssSelector("span.hljs-keyword")).isEmpty(), "the code is highlighted");
        assertEquals("java", reply.findElement(By.cssSelector(".code-head .code-language")).getText());
        assertEquals("Copy", reply.findElement(By.cssSelector(".code-head button.copy")).getText());
        WebElement link = reply.findElement(By.linkText("fractions"));
        assertEquals("_blank", link.getDomAttribute("target"));
        assertTrue(link.getDomAttribute("rel").contains("noopener"));
        assertEquals("fake-model", reply.findElement(By.cssSelector(".meta .model")).getText());
        WebElement usage = reply.findElement(By.cssSelector(".meta .usage"));
        assertEquals("31 + 57 tokens", usage.getText());
        assertEquals("Prompt: 31 tokens, reply: 57 tokens, total: 88", usage.getDomAttribute("title"));

        assertEquals(List.of("Comparing fractions", "A haiku about autumn", "Planning a trip to Hangzhou"), page.sessionTitles());
        assertEquals("Comparing fractions", page.currentSessionTitle());
        assertEquals("Comparing fractions", page.headerTopic());
        assertEquals("", page.composer().getDomProperty("value"), "the composer is empty for the next message");
        browser.screenshot("chat");

        reply.findElement(By.cssSelector(".code-head button.copy")).click();
        page.waitUntil(d -> reply.findElement(By.cssSelector(".code-head button.copy")).getText().equals("Copied"));
    }

    @Test
    void aReloadShowsTheHistoryAndEachAssistantKeepsItsOwnChats() {
        String marker = marker();
        upstream.script("teach " + marker, Script.reply("A **bold** ", "answer"));
        upstream.scriptCompletions("teach " + marker, Script.reply("Teacher chat"));
        upstream.script("code " + marker, Script.reply("Use ", "`var`"));
        upstream.scriptCompletions("code " + marker, Script.reply("Programmer chat"));
        page.signIn("ben-" + marker);
        page.pickAssistant("teacher");
        page.waitUntilComplete(page.send("teach " + marker));
        page.waitUntil(d -> page.sessionTitles().equals(List.of("Teacher chat")));

        browser.driver.navigate().refresh();
        page.waitUntilSignedIn();
        page.waitUntil(d -> page.messages().size() == 2);
        assertEquals(List.of("user: teach " + marker, "assistant: A bold answer"), page.messages());
        assertEquals("bold", page.lastReply().findElement(By.cssSelector(".content strong")).getText(), "history is Markdown too");
        assertEquals("fake-model", page.lastReply().findElement(By.cssSelector(".meta .model")).getText());
        page.waitUntil(d -> page.sessionTitles().equals(List.of("Teacher chat")));
        assertEquals("Teacher chat", page.currentSessionTitle());

        page.pickAssistant("programmer");
        page.waitUntil(d -> page.greeting().equals("Hi! Paste some code or describe what you want to build."));
        page.waitUntil(d -> page.find("#sessions-status").getText().equals("No chats yet"));
        assertEquals(List.of(), page.messages());
        page.waitUntilComplete(page.send("code " + marker));
        page.waitUntil(d -> page.sessionTitles().equals(List.of("Programmer chat")));

        page.pickAssistant("teacher");
        page.waitUntil(d -> page.messages().equals(List.of("user: teach " + marker, "assistant: A bold answer")));
        page.waitUntil(d -> page.sessionTitles().equals(List.of("Teacher chat")));
        page.pickAssistant("programmer");
        page.waitUntil(d -> page.messages().equals(List.of("user: code " + marker, "assistant: Use var")));
    }

    @Test
    void aReloadWhileTheReplyIsWrittenPicksItUpWithoutGapsOrRepeats() {
        String marker = marker();
        List<String> chunks = IntStream.range(0, 40).mapToObj(i -> "w" + i + " ").toList();
        upstream.script(marker, Script.reply(chunks.toArray(String[]::new)).interval(Duration.ofMillis(80)));
        upstream.scriptCompletions(marker, Script.reply("Long answer"));
        page.signIn("cai-" + marker);
        WebElement reply = page.send(marker);
        page.waitUntil(d -> page.text(reply).length() > 12);

        browser.driver.navigate().refresh();
        page.waitUntilSignedIn();
        page.waitUntil(d -> page.replies().size() == 1 && page.isStreaming(page.lastReply()));
        WebElement resumed = page.lastReply();
        List<Integer> lengths = page.watchUntilComplete(resumed, () -> { });

        assertTrue(lengths.size() >= 3, "the resumed reply went on streaming: " + lengths);
        assertEquals(String.join("", chunks).trim(), page.text(resumed).trim());
        assertTrue(resumed.findElements(By.cssSelector(".error")).isEmpty());
    }

    @Test
    void theViewFollowsTheReplyUntilTheUserScrollsUp() {
        String marker = marker();
        List<String> paragraphs = IntStream.range(0, 80).mapToObj(i -> "Paragraph " + i + " of a long answer.\n\n").toList();
        upstream.script(marker, Script.reply(paragraphs.toArray(String[]::new)).interval(Duration.ofMillis(50)));
        upstream.scriptCompletions(marker, Script.reply("Long read"));
        page.signIn("lou-" + marker);
        WebElement reply = page.send(marker);
        WebElement messages = page.find("#messages");
        page.waitUntil(d -> scrollState().get("height") > scrollState().get("view") + 300);
        assertTrue(scrollState().get("fromBottom") < 48, "while the user stays at the bottom, new text stays in view");

        new Actions(browser.driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(messages), 0, -400).perform();
        page.waitUntil(d -> page.find("#to-latest").isDisplayed());
        long top = scrollState().get("top");
        int length = page.text(reply).length();
        page.waitUntil(d -> page.text(reply).length() > length + 100);
        assertEquals(top, scrollState().get("top"), "the text the user scrolled up to read does not move");

        page.find("#to-latest").click();
        page.waitUntil(d -> !page.isStreaming(reply));
        assertTrue(scrollState().get("fromBottom") < 48, "back at the bottom, the view follows again to the end");
        assertFalse(page.find("#to-latest").isDisplayed());
    }

    private Map<String, Long> scrollState() {
        @SuppressWarnings("unchecked")
        Map<String, Long> state = (Map<String, Long>) page.js("const m = document.getElementById('messages');"
                + " return {top: Math.round(m.scrollTop), height: m.scrollHeight, view: m.clientHeight,"
                + " fromBottom: Math.round(m.scrollHeight - m.scrollTop - m.clientHeight)}");
        return state;
    }

    @Test
    void stopEndsTheReplyMidStreamAndKeepsTheTextSoFar() throws Exception {
        String marker = marker();
        List<String> chunks = IntStream.range(0, 200).mapToObj(i -> "w" + i + " ").toList();
        upstream.script(marker, Script.reply(chunks.toArray(String[]::new)).interval(Duration.ofMillis(60)));
        String user = "dan-" + marker;
        // a chat with a name already: the only request to the model is the reply's, no title request
        expect(201, api.post("api/v1/sessions", api.token(user), "{\"topic\":\"Stop me\"}"));
        page.signIn(user);
        page.session("Stop me").findElement(By.cssSelector("button.session")).click();
        page.waitUntil(d -> page.headerTopic().equals("Stop me"));
        WebElement reply = page.send(marker);
        page.waitUntil(d -> page.text(reply).length() > 10);
        assertFalse(page.find("#send").isDisplayed(), "Stop replaces Send while the reply is written");

        page.find("#stop").click();
        upstream.connectionClosed(marker).get(5, TimeUnit.SECONDS);
        page.waitUntilComplete(reply);

        assertEquals("Stopped", reply.findElement(By.cssSelector(".meta .status-cancelled")).getText());
        assertTrue(page.find("#send").isDisplayed());
        assertFalse(page.find("#stop").isDisplayed());
        JsonNode history = expect(200, api.get("api/v1/sessions?assistant=assistant", api.token(user))).path("data");
        JsonNode saved = expect(200, api.get("api/v1/sessions/" + history.get(0).path("id").asText() + "/messages", api.token(user)))
                .path("data").get(1);
        assertEquals("cancelled", saved.path("status").asText());
        assertEquals(saved.path("content").asText().trim(), page.text(reply).trim(), "what was shown is what was kept");
        assertTrue(page.text(reply).length() < String.join("", chunks).length());
        browser.screenshot("stopped");
    }

    @Test
    void anUpstreamFailureIsShownWithARetryThatAnswers() {
        String marker = marker();
        upstream.script(marker, Script.failFirst(1, Script.reply("partial ", "answer ", "never").dropAfter(2),
                Script.reply("second ", "try ", "worked")));
        upstream.scriptCompletions(marker, Script.reply("Flaky chat"));
        page.signIn("eve-" + marker);
        WebElement failed = page.send(marker);
        page.waitUntilComplete(failed);

        WebElement error = failed.findElement(By.cssSelector(".error[role=alert]"));
        assertEquals("The model is not reachable right now.", error.findElement(By.cssSelector(".error-text")).getText());
        assertEquals("partial answer", page.text(failed).trim(), "the text before the failure stays");
        browser.screenshot("error");

        error.findElement(By.cssSelector("button.retry")).click();
        page.waitUntil(d -> page.replies().size() == 2);
        page.waitUntilComplete(page.lastReply());
        assertEquals("second try worked", page.text(page.lastReply()).trim());
        assertTrue(page.lastReply().findElements(By.cssSelector(".error")).isEmpty());
    }

    @Test
    void aMessageTheServerRefusesKeepsItsDraft() {
        String marker = marker();
        String user = "fay-" + marker;
        page.signIn(user);
        page.waitUntilComplete(page.send("first " + marker));
        page.waitUntil(d -> page.sessionTitles().size() == 1);
        String session = expect(200, api.get("api/v1/sessions", api.token(user))).path("data").get(0).path("id").asText();
        expect(204, api.delete("api/v1/sessions/" + session, api.token(user))); // gone, e.g. deleted in another tab
        browser.allowConsoleError("404");

        page.composer().sendKeys("second " + marker);
        page.composer().sendKeys(Keys.ENTER);

        WebElement error = page.waitFor(By.cssSelector("#message-list .error.standalone"));
        assertEquals("This chat no longer exists.", error.findElement(By.cssSelector(".error-text")).getText());
        assertEquals("second " + marker, page.composer().getDomProperty("value"), "the draft is kept");
        assertEquals(2, page.messages().size(), "the refused message is not shown as sent");
        assertTrue(page.find("#send").isEnabled());
    }

    @Test
    void chatsAreRenamedAndDeletedAndALongListLoadsAsItScrolls() {
        String marker = marker();
        String user = "gus-" + marker;
        String token = api.token(user);
        for (int i = 1; i <= 45; i++) {
            expect(201, api.post("api/v1/sessions", token, Api.json(Map.of("assistant", "friend", "topic", "Chat %02d".formatted(i)))));
        }
        page.signIn(user);
        page.pickAssistant("friend");
        page.waitUntil(d -> page.sessionTitles().size() >= 30);
        List<String> firstPage = page.sessionTitles();
        assertEquals(30, firstPage.size(), "one page at first");
        assertEquals("Chat 45", firstPage.get(0));

        page.js("document.querySelector('.sessions').scrollTop = 1e6");
        page.waitUntil(d -> page.sessionTitles().size() == 45);
        assertEquals(IntStream.iterate(45, i -> i - 1).limit(45).mapToObj("Chat %02d"::formatted).toList(), page.sessionTitles());

        page.js("document.querySelector('.sessions').scrollTop = 0");
        page.session("Chat 45").findElement(By.cssSelector("button.rename")).click();
        WebElement name = page.find("#dialog-input");
        page.waitUntil(d -> name.isDisplayed());
        assertEquals("Chat 45", name.getDomProperty("value"));
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "我的计划", Keys.ENTER);
        page.waitUntil(d -> page.sessionTitles().get(0).equals("我的计划"));
        String renamed = expect(200, api.get("api/v1/sessions?assistant=friend&limit=1", token)).path("data").get(0).path("topic").asText();
        assertEquals("我的计划", renamed);

        page.session("Chat 44").findElement(By.cssSelector("button.delete")).click();
        page.waitUntil(d -> page.find("#dialog").isDisplayed());
        assertEquals("“Chat 44” and all its messages will be deleted.", page.find("#dialog-text").getText());
        browser.screenshot("delete");
        page.find("#dialog-cancel").click();
        assertTrue(page.sessionTitles().contains("Chat 44"), "cancel keeps it");
        page.session("Chat 44").findElement(By.cssSelector("button.delete")).click();
        page.waitUntil(d -> page.find("#dialog-ok").isDisplayed());
        page.find("#dialog-ok").click();
        page.waitUntil(d -> !page.sessionTitles().contains("Chat 44"));
        assertEquals(44, page.sessionTitles().size());
        JsonNode all = expect(200, api.get("api/v1/sessions?assistant=friend&limit=100", token)).path("data");
        List<String> topics = new ArrayList<>();
        all.forEach(session -> topics.add(session.path("topic").asText()));
        assertFalse(topics.contains("Chat 44"));
        assertEquals(44, topics.size());
    }

    @Test
    void anApiKeyIsCreatedShownOnceWithACopyButtonAndRevokedFromItsPanel() {
        page.signIn("keys-" + UUID.randomUUID().toString().substring(0, 8));
        page.find("#api-keys-open").click();
        page.waitUntil(d -> page.find("#api-keys").isDisplayed());
        page.waitUntil(d -> page.find("#api-keys-status").getText().equals("No API keys yet"));

        page.find("#api-key-name").sendKeys("my editor");
        new Select(page.find("#api-key-expiry")).selectByValue("30");
        page.find("#api-key-create").click();
        page.waitUntil(d -> page.find("#api-key-new").isDisplayed());
        String key = page.find("#api-key-value").getText();
        assertTrue(key.matches("cs_[A-Za-z0-9_-]{43}"), key);
        assertEquals("Copy it now: it will not be shown again.", page.find("#api-key-new .warning").getText());
        WebElement listed = page.find("#api-key-list li");
        assertTrue(listed.getText().contains("my editor"), listed.getText());
        assertTrue(listed.getText().contains(key.substring(0, 11) + "…"), listed.getText());
        assertTrue(listed.getText().contains("never used") && listed.getText().contains("expires"), listed.getText());
        assertFalse(listed.getText().contains(key), "the list shows the prefix only");
        browser.screenshot("api-keys");

        page.find("#api-key-copy").click();
        page.waitUntil(d -> page.find("#api-key-copy").getText().equals("Copied"));
        expect(200, api.get("api/v1/sessions", key)); // the key shown is the key that works

        page.find("#api-key-done").click();
        page.waitUntil(d -> !page.find("#api-key-new").isDisplayed());
        assertFalse(((String) page.js("return document.body.textContent")).contains(key), "the key is gone from the page");
        page.find("#api-keys-close").click();
        page.waitUntil(d -> !page.find("#api-keys").isDisplayed());
        page.find("#api-keys-open").click();
        page.waitUntil(d -> page.find("#api-key-list li .api-key-facts").getText().contains("last used"));
        assertFalse(browser.driver.getPageSource().contains(key), "reopened, the panel shows what the server lists: no key");

        page.find("#api-key-list li button.revoke").click();
        page.waitUntil(d -> page.find("#dialog").isDisplayed());
        assertEquals("Tools using “my editor” will be refused at once. This cannot be undone.", page.find("#dialog-text").getText());
        page.find("#dialog-cancel").click();
        assertEquals(1, browser.driver.findElements(By.cssSelector("#api-key-list li")).size(), "cancel keeps it");
        assertEquals(200, api.get("api/v1/sessions", key).statusCode());
        page.find("#api-key-list li button.revoke").click();
        page.waitUntil(d -> page.find("#dialog-ok").isDisplayed());
        page.find("#dialog-ok").click();
        page.waitUntil(d -> page.find("#api-keys-status").getText().equals("No API keys yet"));
        assertEquals(401, api.get("api/v1/sessions", key).statusCode(), "revoked at once");
        assertTrue(page.find("#api-keys").isDisplayed(), "the panel stays open after the confirmation");
    }

    @Test
    void earlierMessagesLoadWhenScrollingUp() {
        String marker = marker();
        String user = "hal-" + marker;
        String token = api.token(user);
        String session = expect(201, api.post("api/v1/sessions", token, "{\"topic\":\"Long talk\"}")).path("id").asText();
        for (int i = 1; i <= 12; i++) {
            String message = "message %02d %s: a few words so that every message takes a line or two".formatted(i, marker);
            assertEquals("done", api.stream(token, Map.of("message", message, "session_id", session)).last().type());
        }
        page.signIn(user);
        page.session("Long talk").findElement(By.cssSelector("button.session")).click();
        page.waitUntil(d -> page.messages().size() == 20);
        assertTrue(page.messages().get(0).startsWith("user: message 03 "), "the latest page: " + page.messages().get(0));
        assertTrue(page.messages().get(19).startsWith("assistant: You said: message 12 "));

        page.js("document.getElementById('messages').scrollTop = 0");
        page.waitUntil(d -> page.messages().size() == 24);
        List<String> all = page.messages();
        for (int i = 1; i <= 12; i++) {
            assertTrue(all.get(2 * (i - 1)).startsWith("user: message %02d ".formatted(i)), all.get(2 * (i - 1)));
        }
        Number top = (Number) page.js("return document.getElementById('messages').scrollTop");
        assertTrue(top.intValue() > 0, "what was on screen stayed there, the older messages went above it");
    }

    @Test
    void scriptsImagesAndLinksInUserAndModelTextStayInert() {
        String marker = marker();
        String payload = "<script>window.__xss='script'</script><img src=x onerror=\"window.__xss='img'\">"
                + "<a href=\"javascript:window.__xss='link'\">html link</a> [md link](javascript:window.__xss='md') "
                + "<svg onload=\"window.__xss='svg'\"></svg><iframe src=\"javascript:window.__xss='iframe'\"></iframe>"
                + "<form action=\"/x\"><button>Log in</button></form><p style=\"position:fixed\" class=\"composer\" id=\"send\">styled</p> ";
        upstream.script(marker, Script.reply(payload, "\n\n[md link](javascript:window.__xss='md') ",
                "![tracker](http://127.0.0.1:9/pixel.png) ", "**done**"));
        upstream.scriptCompletions(marker, Script.reply("<img src=x onerror=\"window.__xss='topic'\">"));
        page.signIn("ivy-" + marker);
        WebElement reply = page.send(payload + marker);
        page.waitUntilComplete(reply);
        page.waitUntil(d -> page.sessionTitles().size() == 1 && !page.sessionTitles().get(0).equals("New chat"));

        assertInert(payload + marker);
        browser.screenshot("hostile-text");
        for (WebElement link : page.lastReply().findElements(By.cssSelector(".content a:not([href])"))) {
            link.click(); // what were javascript: links
        }
        assertNull(page.js("return window.__xss"), "clicking the reply's links ran nothing");
        assertEquals(1, browser.driver.getWindowHandles().size());

        browser.driver.navigate().refresh(); // the same text, now from the history
        page.waitUntilSignedIn();
        page.waitUntil(d -> page.messages().size() == 2);
        assertInert(payload + marker);
    }

    private void assertInert(String userText) {
        assertNull(page.js("return window.__xss"), "no payload ran");
        WebElement bubble = page.find("#message-list article.user .bubble");
        assertEquals(userText, bubble.getDomProperty("textContent"), "the user's text is shown as typed");
        assertTrue(bubble.findElements(By.xpath("./*")).isEmpty(), "and as text only");
        WebElement content = page.lastReply().findElement(By.cssSelector(".content"));
        for (String css : List.of("script", "img", "svg", "iframe", "form", "button", "[style]", "[onerror]", "[onload]",
                "[id]", "[class]", "a[href^='javascript']")) {
            assertTrue(content.findElements(By.cssSelector(css)).isEmpty(), "no " + css + " in the reply");
        }
        assertTrue(content.getText().startsWith("<script>window.__xss='script'</script><img src=x onerror="),
                "HTML a model writes is shown as text: " + content.getText());
        assertEquals("done", content.findElement(By.cssSelector("strong")).getText(), "Markdown still works");
        assertTrue(content.findElement(By.linkText("md link")).getDomAttribute("href") == null, "a javascript: link has no target");
        assertEquals("🖼 tracker", content.findElement(By.partialLinkText("tracker")).getText(), "a remote image becomes a link");
        assertEquals(1L, page.js("return document.querySelectorAll('#send').length"));
        assertEquals("<img src=x onerror=\"window.__xss='topic'\">", page.sessionTitles().get(0));
        assertTrue(page.find("#session-list").findElements(By.cssSelector("img")).isEmpty());
    }

    @Test
    void aTokenFromTheHostApplicationSignsInAndARefusedOneIsExplained() {
        String marker = marker();
        String token = api.token("host-" + marker);

        browser.driver.get(base + "#token=" + token);
        page.waitUntilSignedIn();
        assertEquals("Signed in as host-" + marker, page.find("#user-name").getText());
        assertFalse(browser.driver.getCurrentUrl().contains("token"), "the token left the address bar");

        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        browser.allowConsoleError("401");
        browser.driver.get("about:blank");
        browser.driver.get(base + "#token=" + forged);
        WebElement notice = page.waitFor(By.cssSelector("#signin-notice:not([hidden])"));
        assertEquals("Your sign-in has expired or is not valid. Please sign in again.", notice.getText());
        assertTrue(page.find("#signin-user").isDisplayed(), "in the embedded default, signing in again is offered");
        browser.screenshot("sign-in-expired");
    }

    @Test
    void theChineseInterfaceIsKeptAndImeCompositionDoesNotSend() {
        String marker = marker();
        page.signIn("ji-" + marker);
        new Select(page.find(".sidebar-foot .language-select")).selectByValue("zh");
        assertEquals("新对话", page.find("#new-chat").getText());
        assertEquals("zh-CN", page.js("return document.documentElement.lang"));
        browser.driver.navigate().refresh();
        page.waitUntilSignedIn();
        assertEquals("新对话", page.find("#new-chat").getText(), "the choice is remembered");
        assertEquals("给Assistant发消息…", page.composer().getDomAttribute("placeholder"));

        WebElement input = page.composer();
        input.sendKeys("你好");
        page.js("for (const init of [{isComposing: true}, {keyCode: 229}]) arguments[0].dispatchEvent("
                + "new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true, ...init}))", input);
        input.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER), "世界 " + marker);
        assertEquals(List.of(), page.messages(), "Enter that confirms an IME composition sends nothing");
        assertEquals("你好\n世界 " + marker, input.getDomProperty("value"));

        WebElement reply = page.send("");
        page.waitUntilComplete(reply);
        assertEquals("user: 你好\n世界 " + marker, page.messages().get(0));
        assertEquals("You said: 你好\n世界 " + marker, reply.findElement(By.cssSelector(".content")).getText());
        page.waitUntil(d -> !page.sessionTitles().isEmpty() && !page.sessionTitles().get(0).equals("新对话"));
        browser.screenshot("chinese");
    }

    @Test
    void onAPhoneTheSidebarIsADrawerAndEveryControlHasAName() {
        String marker = marker();
        String user = "kim-" + marker;
        expect(201, api.post("api/v1/sessions", api.token(user), "{\"topic\":\"On the go\"}"));
        browser.driver.manage().window().setSize(Browser.PHONE);
        page.signIn(user);

        WebElement sidebar = page.find("#sidebar");
        WebElement menu = page.find("#menu");
        assertFalse(sidebar.isDisplayed(), "the sidebar is out of the way");
        assertTrue(menu.isDisplayed());
        assertEquals("false", menu.getDomAttribute("aria-expanded"));
        browser.screenshot("phone");

        menu.click();
        page.waitUntil(d -> sidebar.isDisplayed() && sidebar.getRect().getX() == 0);
        assertEquals("true", menu.getDomAttribute("aria-expanded"));
        browser.screenshot("phone-menu");
        page.session("On the go").findElement(By.cssSelector("button.session")).click();
        page.waitUntil(d -> !sidebar.isDisplayed());
        assertEquals("On the go", page.headerTopic());

        menu.click();
        page.waitUntil(d -> sidebar.isDisplayed());
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        page.waitUntil(d -> !sidebar.isDisplayed());
        assertEquals(menu, browser.driver.switchTo().activeElement(), "focus returns to the menu button");

        menu.click();
        page.waitUntil(d -> sidebar.isDisplayed());
        List<String> unnamed = browser.driver.findElements(By.cssSelector("button, input, select, textarea")).stream()
                .filter(WebElement::isDisplayed)
                .filter(control -> control.getAccessibleName().isBlank())
                .map(control -> control.getDomProperty("outerHTML")).toList();
        assertEquals(List.of(), unnamed, "every control on screen has an accessible name");
    }

    @Test
    void theSseReaderFollowsTheSpecWhereverTheBytesAreSplit() {
        page.open();
        String input = "\uFEFFdata: one\r\n\r\n: ping\n\nid: 7\ndata:two\ndata:  three\r\rdata\n\n"
                + "event: named\ndata: {\"a\":1}\n\nretry: 5\nid: a\u0000b\ndata: last\n\ndata: unfinished";
        Object events = browser.driver.executeAsyncScript("""
                const [input, done] = arguments;
                import('./js/sse.js').then(({ SseParser }) => {
                    const runs = [];
                    for (const size of [1, 2, 3, input.length]) {
                        const events = [];
                        const parser = new SseParser(event => events.push(`${event.type}|${event.data}|${event.lastEventId}`));
                        for (let i = 0; i < input.length; i += size) parser.push(input.slice(i, i + size));
                        parser.end();
                        runs.push(events.join('\\n'));
                    }
                    done(runs);
                }, failure => done(String(failure)));
                """, input);
        String expected = String.join("\n", "message|one|", "message|two\n three|7", "message||7", "named|{\"a\":1}|7", "message|last|7");
        assertEquals(List.of(expected, expected, expected, expected), events);
    }

    @Test
    void thePageAndItsFilesAreServedWithoutATokenUnderAStrictPolicy() {
        HttpResponse<String> index = api.get("", null);
        assertEquals(200, index.statusCode());
        assertEquals("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                index.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertEquals("nosniff", index.headers().firstValue("X-Content-Type-Options").orElseThrow());
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(index.body());
        int count = 0;
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains(" src="), "no inline script: " + scripts.group());
            count++;
        }
        assertEquals(2, count);
        assertFalse(index.body().contains(" style="), "no inline style");

        for (String path : List.of("js/app.js", "js/sse.js", "css/style.css", "webjars/marked/17.0.1/lib/marked.esm.js",
                "webjars/dompurify/3.3.3/dist/purify.es.mjs", "webjars/highlightjs/11.11.1/highlight.min.js",
                "vendor/oidc-client-ts-3.5.0/oidc-client-ts.min.js")) {
            HttpResponse<String> file = api.get(path, null);
            assertEquals(200, file.statusCode(), path);
            String type = file.headers().firstValue("Content-Type").orElseThrow();
            assertTrue(type.contains(path.endsWith(".css") ? "text/css" : "javascript"), path + " is " + type);
        }
        assertTrue(api.get("webjars/marked/17.0.1/lib/marked.esm.js", null).headers().firstValue("Cache-Control")
                .orElseThrow().contains("immutable"));
        assertEquals("{\"available\":true}", api.get("api/v1/auth/dev-token", null).body());
        assertEquals("{\"mode\":\"dev\"}", api.get("api/v1/auth/config", null).body(), "the page offers the dev sign-in");
    }
}
