package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.chatstream.testing.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Images over real HTTP, the same on every server: a multipart upload is judged by its bytes and stored, served back
 * byte for byte with safe headers, refused with 413/415 when it must be (nothing stored), its owner's alone, within a
 * quota, deleted with its session; attached by id or inline to a chat message, it reaches the model as OpenAI's
 * content parts and is listed in the history. The suite's server runs with chatstream.uploads.max-bytes = 1 MB,
 * max-bytes-per-user = 3 MB, and the provider "local" whose models take no images (pom.xml).
 */
@Tag("every-server")
class UploadsIT extends ServerIT {

    private static final int MAX_BYTES = 1_048_576;
    private static final Random RANDOM = new Random(25);
    private final HttpClient http = HttpClient.newHttpClient();

    private static String marker() {
        return "img-" + UUID.randomUUID();
    }

    /** A real image, of noise so that it does not compress away. */
    static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, RANDOM.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG header claiming {@code width} × {@code height}, padded to {@code size} bytes (the rest is never decoded). */
    static byte[] pngClaiming(int width, int height, int size) {
        ByteBuffer file = ByteBuffer.allocate(size).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})
                .putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
        byte[] rest = new byte[size - file.position()];
        RANDOM.nextBytes(rest);
        return file.put(rest).array();
    }

    private HttpResponse<String> upload(String token, String fileName, String declaredType, byte[] bytes) {
        String boundary = "----chatstream" + UUID.randomUUID();
        byte[] body = multipart(boundary, fileName == null ? List.of() : List.of(fileName), declaredType, bytes);
        return api.send(api.request("api/v1/uploads", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A form with a text field and a part "file" holding {@code bytes} for each of {@code fileNames}. */
    private static byte[] multipart(String boundary, List<String> fileNames, String declaredType, byte[] bytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nnot a file\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (String fileName : fileNames) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bytes);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private JsonNode uploaded(String token, byte[] png) {
        return expect(201, upload(token, "picture.png", "image/png", png));
    }

    private HttpResponse<byte[]> download(String token, String id, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = api.request("api/v1/uploads/" + id, token).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertError(int status, String code, String field, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = Api.read(response.body()).path("error");
        assertEquals(code, error.path("code").asText(), response.body());
        if (field != null) {
            assertEquals(field, error.path("field").asText(), response.body());
        }
    }

    @Test
    void anUploadIsJudgedByItsBytesAndServedBackByteForByteWithSafeHeaders() throws Exception {
        String token = api.token(marker());
        byte[] png = image("png", 64, 48);
        HttpResponse<String> response = upload(token, "holiday.txt", "text/plain", png);
        JsonNode created = expect(201, response);
        String id = created.path("id").asText();
        assertEquals("image/png", created.path("media_type").asText(), "the bytes decide, not the name or type sent");
        assertEquals(png.length, created.path("bytes").asLong());
        assertEquals(64, created.path("width").asInt());
        assertEquals(48, created.path("height").asInt());
        assertTrue(response.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/uploads/" + id));

        HttpResponse<byte[]> got = download(token, id, Map.of());
        assertEquals(200, got.statusCode());
        assertArrayEquals(png, got.body(), "the same bytes");
        assertEquals("image/png", got.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("inline; filename=\"image-" + id + ".png\"", got.headers().firstValue("Content-Disposition").orElseThrow());
        String cache = got.headers().firstValue("Cache-Control").orElseThrow();
        assertTrue(cache.contains("private") && cache.contains("immutable") && cache.contains("max-age=31536000"), cache);
        String tag = got.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, download(token, id, Map.of("If-None-Match", tag)).statusCode(), "unchanged, as it always is");

        byte[] jpeg = image("jpg", 30, 20);
        JsonNode asJpeg = expect(201, upload(token, "scan.png", "image/png", jpeg));
        assertEquals("image/jpeg", asJpeg.path("media_type").asText());
        assertEquals(30, asJpeg.path("width").asInt());
        HttpResponse<byte[]> jpegBack = download(token, asJpeg.path("id").asText(), Map.of());
        assertArrayEquals(jpeg, jpegBack.body());
        assertEquals("image/jpeg", jpegBack.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void refusalsStoreNothingAndTheQuotaCountsWhatIsStored() throws Exception {
        String token = api.token(marker());
        assertError(415, "unsupported_media_type", "file",
                upload(token, "cat.png", "image/png", "I am only text, whatever my name says\n".getBytes(StandardCharsets.UTF_8)));
        assertError(413, "too_large", "file", upload(token, "big.png", "image/png", pngClaiming(100, 100, MAX_BYTES + 100_000)));
        assertError(413, "too_many_pixels", "file", upload(token, "bomb.png", "image/png", pngClaiming(100_000, 100_000, 2_000)));
        byte[] animated = animatedGif();
        assertError(415, "unsupported_media_type", "file", upload(token, "moving.gif", "image/gif", animated));
        assertError(415, "unsupported_media_type", null, api.post("api/v1/uploads", token, "{}"));

        // the quota (3 MB) holds three uploads of 1,000,000 bytes: none of the refused ones was counted
        byte[] third = pngClaiming(500, 500, 1_000_000);
        uploaded(token, pngClaiming(500, 500, 1_000_000));
        String second = uploaded(token, pngClaiming(500, 500, 1_000_000)).path("id").asText();
        uploaded(token, third);
        assertError(413, "upload_quota_exceeded", "file", upload(token, "one-more.png", "image/png", pngClaiming(10, 10, 200_000)));

        assertEquals(204, api.delete("api/v1/uploads/" + second, token).statusCode());
        assertEquals(404, download(token, second, Map.of()).statusCode(), "deleted");
        assertEquals(404, api.delete("api/v1/uploads/" + second, token).statusCode(), "deleted once");
        uploaded(token, pngClaiming(10, 10, 200_000));
    }

    /** The upload route is a servlet of its own: its token rules, errors and refusals are still the API's. */
    /** The limits a client can check before it sends are the ones the server enforces (the suite's 1 MB). */
    @Test
    void theLimitsOfAMessageAreThereToBeRead() {
        assertEquals(401, api.get("api/v1/chat/limits", null).statusCode());
        JsonNode limits = expect(200, api.get("api/v1/chat/limits", api.token(marker())));
        assertEquals(MAX_BYTES, limits.path("max_image_bytes").asLong());
        assertEquals(4, limits.path("max_images").asInt());
        assertTrue(limits.path("max_message_chars").asInt() > 0, limits.toString());
        assertEquals(List.of("image/png", "image/jpeg", "image/webp", "image/gif"),
                StreamSupport.stream(limits.path("image_types").spliterator(), false).map(JsonNode::asText).toList());
    }

    @Test
    void anUploadNeedsAValidTokenAStatedLengthAndOneFile() throws Exception {
        byte[] png = image("png", 8, 8);
        HttpResponse<String> anonymous = upload(null, "a.png", "image/png", png);
        assertError(401, "unauthorized", null, anonymous);
        assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElseThrow());
        HttpResponse<String> forged = upload("not-a-token", "a.png", "image/png", png);
        assertError(401, "unauthorized", null, forged);
        assertTrue(forged.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));

        String token = api.token(marker());
        String boundary = "----chatstream" + UUID.randomUUID();
        byte[] form = multipart(boundary, List.of("a.png"), "image/png", png);
        assertError(411, "length_required", null, api.send(api.request("api/v1/uploads", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form))).build()));
        assertError(400, "invalid_request", "file", upload(token, null, "image/png", png));
        String twice = "----chatstream" + UUID.randomUUID();
        assertError(400, "invalid_request", "file", api.send(api.request("api/v1/uploads", token)
                .header("Content-Type", "multipart/form-data; boundary=" + twice)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(twice, List.of("a.png", "b.png"), "image/png", png)))
                .build()));
        assertError(400, "invalid_request", "file", api.send(api.request("api/v1/uploads", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString("not a multipart body")).build()));
        assertEquals(405, api.get("api/v1/uploads", token).statusCode());

        String id = uploaded(token, png).path("id").asText();
        assertEquals(200, download(token, id, Map.of()).statusCode(), "GET /api/v1/uploads/{id} is JAX-RS's still");
    }

    @Test
    void anotherUsersUploadIsNotFoundAnywhere() throws Exception {
        String owner = api.token(marker());
        String other = api.token(marker());
        String id = uploaded(owner, image("png", 8, 8)).path("id").asText();

        assertEquals(404, download(other, id, Map.of()).statusCode());
        assertEquals(404, api.delete("api/v1/uploads/" + id, other).statusCode());
        assertError(404, "not_found", "images", api.post("api/v1/chat", other,
                Api.json(Map.of("message", "what is this?", "images", List.of(id)))));
        assertEquals(0, expect(200, api.get("api/v1/sessions", other)).path("data").size(), "nothing stored for the other");
        assertEquals(200, download(owner, id, Map.of()).statusCode(), "still the owner's");
        assertEquals(401, download(null, id, Map.of()).statusCode(), "a token is required");
    }

    @Test
    void imagesReachTheModelAsContentPartsAndAreListedInTheHistory() throws Exception {
        String token = api.token(marker());
        byte[] png = image("png", 40, 30);
        String uploadId = uploaded(token, png).path("id").asText();
        byte[] jpeg = image("jpg", 20, 10);
        String question = "what is in these? " + marker();

        StreamResult stream = api.stream(token, Map.of("message", question, "images", List.of(uploadId),
                "image_data", Base64.getEncoder().encodeToString(jpeg), "image_type", "image/jpeg"));
        assertEquals("done", stream.last().type(), stream.types() + " " + stream.errorBody());
        String session = stream.last().text("session_id");

        RecordedRequest sent = upstream.requestsContaining(question).stream().filter(RecordedRequest::stream)
                .findFirst().orElseThrow();
        JsonNode content = lastUser(sent).path("content");
        JsonNode expected = Api.read(Api.json(List.of(
                Map.of("type", "text", "text", question),
                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64," + Base64.getEncoder().encodeToString(png))),
                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg))))));
        assertEquals(expected, content, "OpenAI's content parts, in order");

        JsonNode history = expect(200, api.get("api/v1/sessions/" + session + "/messages", token));
        JsonNode images = history.path("data").get(0).path("images");
        assertEquals(2, images.size(), history.toString());
        assertEquals(uploadId, images.get(0).path("id").asText());
        assertEquals("image/png", images.get(0).path("media_type").asText());
        assertEquals(png.length, images.get(0).path("bytes").asLong());
        assertEquals(40, images.get(0).path("width").asInt());
        assertEquals(30, images.get(0).path("height").asInt());
        assertEquals("/api/v1/uploads/" + uploadId, images.get(0).path("url").asText());
        String inlineId = images.get(1).path("id").asText();
        assertEquals("image/jpeg", images.get(1).path("media_type").asText());
        assertArrayEquals(jpeg, download(token, inlineId, Map.of()).body(), "the inline image is stored like an upload");
        assertTrue(history.path("data").get(1).path("images").isMissingNode(), "a reply shows no images");

        // the next message: the earlier images go again, within the budget
        String followUp = "and the colours? " + marker();
        assertEquals("done", api.stream(token, Map.of("message", followUp, "session_id", session)).last().type());
        RecordedRequest next = upstream.requestsContaining(followUp).stream().filter(RecordedRequest::stream)
                .findFirst().orElseThrow();
        JsonNode earlier = ((ArrayNode) next.body().path("messages")).get(1);
        assertEquals("user", earlier.path("role").asText());
        assertEquals(expected, earlier.path("content"));
        assertEquals(followUp, lastUser(next).path("content").asText(), "a message without images stays a string");

        // deleting the session deletes its images, the inline one too
        assertEquals(204, api.delete("api/v1/sessions/" + session, token).statusCode());
        assertEquals(404, download(token, uploadId, Map.of()).statusCode());
        assertEquals(404, download(token, inlineId, Map.of()).statusCode());
    }

    @Test
    void anImageAloneIsAMessage() throws Exception {
        String token = api.token(marker());
        byte[] png = image("png", 16, 16);
        String id = uploaded(token, png).path("id").asText();

        JsonNode reply = expect(200, api.post("api/v1/chat", token, Api.json(Map.of("images", List.of(id)))));
        String session = reply.path("session_id").asText();
        JsonNode history = expect(200, api.get("api/v1/sessions/" + session + "/messages", token));
        JsonNode asked = history.path("data").get(0);
        assertEquals("", asked.path("content").asText());
        assertEquals(id, asked.path("images").get(0).path("id").asText());

        RecordedRequest sent = upstream.requests().stream().filter(RecordedRequest::stream)
                .filter(request -> request.body().toString().contains(Base64.getEncoder().encodeToString(png)))
                .findFirst().orElseThrow();
        JsonNode parts = lastUser(sent).path("content");
        assertEquals(1, parts.size(), "no empty text part: " + parts);
        assertEquals("image_url", parts.get(0).path("type").asText());
        assertEquals(2, history.path("data").size());

        JsonNode exported = expect(200, api.get("api/v1/sessions/" + session + "/export?format=json", token));
        assertEquals(id, exported.path("messages").get(0).path("images").get(0).path("id").asText(), "export lists them");
        JsonNode imported = expect(201, api.post("api/v1/sessions/import", token, exported.toString()));
        JsonNode importedHistory = expect(200, api.get("api/v1/sessions/" + imported.path("id").asText() + "/messages", token));
        assertEquals("[image]", importedHistory.path("data").get(0).path("content").asText(), "import drops the images");

        assertEquals(204, api.delete("api/v1/sessions/" + session + "/messages", token).statusCode());
        assertEquals(404, download(token, id, Map.of()).statusCode(), "clearing the messages deletes their images");
    }

    @Test
    void aModelThatTakesNoImagesIsRefusedBeforeAnythingIsStored() {
        String token = api.token(marker());
        String id = uploaded(token, image("png", 8, 8)).path("id").asText();
        Map<String, Object> request = new HashMap<>(Map.of("message", "look", "model", "local-small", "images", List.of(id)));
        assertError(400, "images_not_supported", "images", api.post("api/v1/chat", token, Api.json(request)));
        request.put("image_data", Base64.getEncoder().encodeToString(image("png", 4, 4)));
        request.put("image_type", "image/png");
        request.remove("images");
        assertError(400, "images_not_supported", "images", api.post("api/v1/chat/messages", token, Api.json(request)));
        assertEquals(0, expect(200, api.get("api/v1/sessions", token)).path("data").size(), "no session, no message");

        assertError(415, "unsupported_media_type", "image_data", api.post("api/v1/chat", token, Api.json(Map.of(
                "message", "look", "image_data", Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8)),
                "image_type", "image/png"))));
        assertEquals(0, expect(200, api.get("api/v1/sessions", token)).path("data").size());
    }

    private static JsonNode lastUser(RecordedRequest request) {
        JsonNode last = null;
        for (JsonNode message : request.body().path("messages")) {
            if (message.path("role").asText().equals("user")) {
                last = message;
            }
        }
        return last;
    }

    private static byte[] animatedGif() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {2, 0, 2, 0, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        for (int i = 0; i < 2; i++) {
            out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 10, 0, 0, 0});
            out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x44, 0x01, 0});
        }
        out.write(0x3B);
        return out.toByteArray();
    }
}
