package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.testing.Script;
import java.net.URL;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Saving a reply survives passing database failures, and says so when it cannot. */
@ExtendWith(ArquillianExtension.class)
class ReplySaveRetryIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.built().addClass(FailingSaveTrigger.class);
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void installTrigger() {
        FailingSaves.install();
    }

    @BeforeEach
    void countAgain() {
        FailingSaves.reset();
    }

    @AfterAll
    static void removeTrigger() {
        FailingSaves.remove();
    }

    @Test
    void aSaveThatFailsTwiceIsRetriedAndSucceeds() {
        String marker = "r-" + UUID.randomUUID();
        Upstream.get().script(marker, Script.reply("kept despite ", "FAIL-SAVE-2"));
        Api api = new Api(TargetServer.loopback(base));

        StreamResult result = api.stream(api.token("retry"), Map.of("message", marker));

        assertEquals("done", result.last().type(), result.types().toString());
        Map<String, Object> reply = Db.message(UUID.fromString(result.start().path("reply_id").asText()));
        assertEquals("COMPLETE", reply.get("status"), "saved on the third attempt: two failures were retried");
        assertEquals("kept despite FAIL-SAVE-2", reply.get("content"));
    }

    @Test
    void aSaveThatKeepsFailingIsReportedToTheClient() {
        String marker = "r-" + UUID.randomUUID();
        Upstream.get().script(marker, Script.reply("lost ", "FAIL-SAVE-3"));
        Api api = new Api(TargetServer.loopback(base));

        StreamResult result = api.stream(api.token("retry"), Map.of("message", marker));

        assertEquals("error", result.last().type());
        assertEquals("reply_not_saved", result.last().text("code"));
        assertTrue(result.last().data().path("retryable").asBoolean());
        assertEquals("lost FAIL-SAVE-3", result.content(), "the text was streamed before the save failed");
        assertEquals(marker, Db.message(UUID.fromString(result.start().path("message_id").asText())).get("content"));
    }
}
