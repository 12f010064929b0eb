package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Images on the chat page in headless Chromium: attached by the button, by dropping and by pasting, uploaded with
 * progress, sent with the question as OpenAI content parts, shown in the conversation and again after a reload; the
 * server's limits explained before anything is sent (the suite's 1 MB and 4 images), in English and Chinese.
 */
class WebPageImagesIT extends ChatPageIT {

    private static String marker() {
        return "pic" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static Path file(String name, byte[] bytes) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "page-images"));
            return Files.write(dir.resolve(name), bytes).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Picks files with the attach button's file chooser. */
    private void pick(Path... files) {
        page.find("#attach-file").sendKeys(String.join("\n", List.of(files).stream().map(Path::toString).toList()));
    }

    /** What a user's paste (kind "paste") or drop ("drop") of an image file delivers to the page. */
    private void deliver(String kind, String target, String name, byte[] png) {
        page.js("const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));"
                + " const files = new DataTransfer(); files.items.add(new File([bytes], arguments[1], {type: 'image/png'}));"
                + " const init = {bubbles: true, cancelable: true};"
                + " const event = arguments[2] === 'paste' ? new ClipboardEvent('paste', {...init, clipboardData: files})"
                + "     : new DragEvent('drop', {...init, dataTransfer: files});"
                + " document.querySelector(arguments[3]).dispatchEvent(event);",
                Base64.getEncoder().encodeToString(png), name, kind, target);
    }

    private List<WebElement> thumbnails() {
        return page.find("#attachments").findElements(By.cssSelector("li.attachment"));
    }

    private void waitUntilUploaded(int count) {
        page.waitUntil(d -> thumbnails().size() == count
                && thumbnails().stream().noneMatch(item -> item.getDomAttribute("class").contains("uploading")));
    }

    /** The natural widths of the images a user's message shows, 0 for one not loaded (yet). */
    private List<Long> shownWidths(WebElement message) {
        List<Long> widths = new ArrayList<>();
        for (Object width : (List<?>) page.js("return Array.from(arguments[0].querySelectorAll('.images img'), i => i.naturalWidth)", message)) {
            widths.add(((Number) width).longValue());
        }
        return widths;
    }

    private WebElement lastUserMessage() {
        List<WebElement> messages = page.find("#message-list").findElements(By.cssSelector("article.user"));
        return messages.get(messages.size() - 1);
    }

    @Test
    void imagesAttachedThreeWaysReachTheModelAndAreShownInTheChatAndAfterAReload() {
        String marker = marker();
        byte[] picked = UploadsIT.image("png", 64, 48);
        byte[] pasted = UploadsIT.image("png", 40, 30);
        byte[] dropped = UploadsIT.image("png", 20, 50);
        page.signIn("images-" + marker);

        pick(file("picked-" + marker + ".png", picked));
        waitUntilUploaded(1);
        deliver("paste", "#composer-input", "pasted.png", pasted);
        waitUntilUploaded(2);
        deliver("drop", "#message-list", "dropped.png", dropped);
        waitUntilUploaded(3);
        assertEquals("Remove pasted.png", thumbnails().get(1).findElement(By.cssSelector(".remove")).getAccessibleName());
        browser.screenshot("images-attached");

        page.composer().sendKeys("what is in these " + marker);
        page.composer().sendKeys(Keys.ENTER);
        page.waitUntil(d -> page.replies().size() == 1);
        page.waitUntilComplete(page.lastReply());
        assertTrue(thumbnails().isEmpty(), "the draft's images went with the message");
        assertTrue(page.find("#attachments").getDomProperty("hidden").equals("true"));

        RecordedRequest sent = upstream.requestsContaining(marker).stream().filter(RecordedRequest::stream).findFirst().orElseThrow();
        JsonNode parts = sent.body().path("messages").get(sent.body().path("messages").size() - 1).path("content");
        assertEquals(List.of("text", "image_url", "image_url", "image_url"),
                StreamSupport.stream(parts.spliterator(), false).map(part -> part.path("type").asText()).toList());
        assertEquals(List.of(dataUrl(picked), dataUrl(pasted), dataUrl(dropped)),
                StreamSupport.stream(parts.spliterator(), false).skip(1).map(part -> part.path("image_url").path("url").asText()).toList(),
                "the model got the three images, in the order attached, byte for byte");

        page.waitUntil(d -> shownWidths(lastUserMessage()).equals(List.of(64L, 40L, 20L)));
        browser.screenshot("images-sent");
        browser.driver.navigate().refresh();
        page.waitUntilSignedIn();
        page.waitUntil(d -> page.replies().size() == 1);
        page.waitUntil(d -> shownWidths(lastUserMessage()).equals(List.of(64L, 40L, 20L)));
        assertEquals("what is in these " + marker, lastUserMessage().findElement(By.cssSelector(".bubble")).getText(),
                "after a reload the images are read from the server, with the bearer token");
    }

    @Test
    void anImageAloneIsAMessageWhileUploadingNothingCanBeSentAndTheProviderIsShown() {
        String marker = marker();
        Upstream.cloudB(); // the provider of the assistant "pinned"
        page.signIn("alone-" + marker);
        page.pickAssistant("pinned");
        assertFalse(page.find("#send").isEnabled(), "nothing to send yet");
        ChromiumNetworkConditions slowUpload = new ChromiumNetworkConditions();
        slowUpload.setUploadThroughput(64 * 1024); // bytes per second: the 300 × 300 image takes seconds
        slowUpload.setLatency(Duration.ZERO);
        browser.driver.setNetworkConditions(slowUpload);
        try {
            pick(file("alone-" + marker + ".png", UploadsIT.image("png", 300, 300)));
            WebElement progress = page.waitFor(By.cssSelector("#attachments li.attachment.uploading progress"));
            page.waitUntil(d -> {
                double sent = Double.parseDouble(progress.getDomProperty("value"));
                return sent > 0 && sent < 1;
            });
            assertEquals("Uploading alone-" + marker + ".png", progress.getAccessibleName());
            page.composer().sendKeys(Keys.ENTER);
            assertFalse(page.find("#send").isEnabled(), "no sending while an image is on its way");
            assertTrue(page.replies().isEmpty());
            browser.screenshot("images-uploading");
        } finally {
            browser.driver.deleteNetworkConditions();
        }
        waitUntilUploaded(1);
        assertTrue(page.find("#send").isEnabled(), "an image alone can be sent");
        page.find("#send").click();
        page.waitUntil(d -> page.replies().size() == 1);
        page.waitUntilComplete(page.lastReply());
        page.waitUntil(d -> shownWidths(lastUserMessage()).equals(List.of(300L)));
        assertFalse(lastUserMessage().findElement(By.cssSelector(".bubble")).isDisplayed(), "no empty bubble");
        WebElement provider = page.lastReply().findElement(By.cssSelector(".meta .provider"));
        assertEquals("cloud-b", provider.getText(), "the reply says which provider answered");
        assertEquals("Answered by the provider cloud-b", provider.getAccessibleName());
    }

    @Test
    void theLimitsAreExplainedBeforeSendingAndARefusedFileIsNotAttached() {
        String marker = marker();
        String user = "limits-" + marker;
        page.signIn(user);
        browser.allowConsoleError("api/v1/uploads");
        WebElement attach = page.find("#attach");
        assertEquals("Attach images", attach.getAccessibleName());
        assertEquals("Attach images: PNG, JPEG, WebP or GIF, up to 1 MB each, 4 per message. You can also drop or paste them.",
                attach.getDomProperty("title"), "the server's limits, as configured for the suite");

        pick(file("big-" + marker + ".png", UploadsIT.pngClaiming(100, 100, 1_200_000)),
                file("notes-" + marker + ".txt", "just words".getBytes(StandardCharsets.UTF_8)));
        assertEquals("notes-" + marker + ".txt is not a PNG, JPEG, WebP or GIF image.", page.find("#attach-notice").getText());
        assertTrue(thumbnails().isEmpty(), "refused before any upload: too large, not an image");

        pick(file("fake-" + marker + ".png", "a text file named .png".getBytes(StandardCharsets.UTF_8)));
        page.waitUntil(d -> page.find("#attach-notice").getText().startsWith("fake-"));
        assertEquals("fake-" + marker + ".png was not attached: It is not a PNG, JPEG, WebP or GIF image (or it is animated).",
                page.find("#attach-notice").getText(), "the server judged the bytes");
        page.waitUntil(d -> thumbnails().isEmpty());

        List<Path> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(file("five-" + i + "-" + marker + ".png", UploadsIT.image("png", 10 + i, 10)));
        }
        pick(five.toArray(Path[]::new));
        assertEquals("A message can show at most 4 images.", page.find("#attach-notice").getText());
        waitUntilUploaded(4);
        String token = api.token(user);
        String removed = thumbnails().get(3).getDomAttribute("data-upload");
        assertEquals(200, api.get("api/v1/uploads/" + removed, token).statusCode());
        thumbnails().get(3).findElement(By.cssSelector(".remove")).click();
        page.waitUntil(d -> thumbnails().size() == 3);
        page.waitUntil(d -> api.get("api/v1/uploads/" + removed, token).statusCode() == 404); // deleted on the server too
        assertFalse(page.find("#attach-notice").isDisplayed(), "removing clears the explanation");

        new Select(page.find("#app .language-select")).selectByValue("zh");
        page.waitUntil(d -> "添加图片".equals(attach.getAccessibleName()));
        assertEquals("添加图片：PNG、JPEG、WebP 或 GIF，每张不超过 1 MB，每条消息最多 4 张。也可以拖放或粘贴。", attach.getDomProperty("title"));
        assertEquals("移除 five-1-" + marker + ".png", thumbnails().get(0).findElement(By.cssSelector(".remove")).getAccessibleName());
        pick(five.get(4), five.get(3));
        assertEquals("每条消息最多 4 张图片。", page.find("#attach-notice").getText());
        browser.screenshot("images-limits-zh");
    }

    private static String dataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
