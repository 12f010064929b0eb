package dev.chatstream.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chat page's files as they are in webapp/, checked without a browser. */
class WebAssetsTest {

    private static final Path WEBAPP = Path.of("webapp");
    private static final Pattern WEBJAR = Pattern.compile("webjars/([\\w.-]+)/([\\w.-]+)/([\\w./-]+)");
    private static final Pattern VENDORED = Pattern.compile("vendor/([\\w.-]+)/([\\w./-]+\\.js)");
    private static final Pattern I18N_KEY = Pattern.compile("^\\s+'([\\w.]+)': ", Pattern.MULTILINE);

    @Test
    void everyWebJarFileThePageLoadsIsInTheWar() throws IOException {
        List<String> references = new ArrayList<>();
        for (Path file : pageFiles()) {
            Matcher matcher = WEBJAR.matcher(Files.readString(file));
            while (matcher.find()) {
                references.add(matcher.group());
            }
        }
        assertTrue(references.size() >= 5, "index.html and vendor.js load the libraries: " + references);
        for (String reference : references) {
            assertNotNull(getClass().getClassLoader().getResource("META-INF/resources/" + reference),
                    reference + " is in a WebJar dependency of this version (pom.xml)");
        }
    }

    @Test
    void everyVendoredFileThePageLoadsIsThereWithItsLicenceAndOrigin() throws IOException {
        List<String> references = new ArrayList<>();
        for (Path file : pageFiles()) {
            if (!file.startsWith(WEBAPP.resolve("vendor"))) {
                Matcher matcher = VENDORED.matcher(Files.readString(file));
                while (matcher.find()) {
                    references.add(matcher.group());
                    Path folder = WEBAPP.resolve("vendor").resolve(matcher.group(1));
                    assertTrue(Files.isRegularFile(folder.resolve(matcher.group(2))), matcher.group() + " is in webapp/");
                    assertTrue(Files.isRegularFile(folder.resolve("LICENSE")), folder + " has the library's LICENSE");
                    assertTrue(Files.readString(folder.resolve("README.md")).contains("npm pack"), folder + " says where it came from");
                }
            }
        }
        assertEquals(List.of("vendor/oidc-client-ts-3.5.0/oidc-client-ts.min.js"), references);
        String client = Files.readString(WEBAPP.resolve(references.get(0)));
        assertTrue(client.startsWith("\"use strict\";var oidc=("), "the browser build defines the global oidc that vendor.js reads");
    }

    @Test
    void bothLanguagesHaveEveryTextAndThePageUsesNoUnknownKey() throws IOException {
        String i18n = Files.readString(WEBAPP.resolve("js/i18n.js"));
        int chinese = i18n.indexOf("    zh: {");
        assertTrue(chinese > 0);
        List<String> english = keys(i18n.substring(0, chinese));
        assertTrue(english.contains("signin.sso") && english.contains("signin.providerUnreachable"), "the sign-in texts");
        assertEquals(english, keys(i18n.substring(chinese)), "English and Chinese have the same keys, in the same order");
        Matcher marked = Pattern.compile("data-i18n(?:-placeholder|-label|-title)?=\"([\\w.]+)\"")
                .matcher(Files.readString(WEBAPP.resolve("index.html")));
        while (marked.find()) {
            assertTrue(english.contains(marked.group(1)), "index.html uses " + marked.group(1));
        }
    }

    private static List<String> keys(String dictionary) {
        return I18N_KEY.matcher(dictionary).results().map(result -> result.group(1)).toList();
    }

    @Test
    void noScriptWritesHtmlStringsIntoThePage() throws IOException {
        for (Path file : pageFiles()) {
            if (file.toString().endsWith(".js")) {
                String code = Files.readString(file);
                for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                        "new Function")) {
                    assertFalse(code.contains(sink), file + " uses " + sink + ": build nodes with dom.js, sanitise Markdown");
                }
            }
        }
    }

    @Test
    void thePageNeedsNoInlineScriptOrStyleSoTheStrictPolicyHolds() throws IOException {
        String index = Files.readString(WEBAPP.resolve("index.html"));
        Matcher scripts = Pattern.compile("<script([^>]*)>([^<]*)</script>").matcher(index);
        int count = 0;
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains("src="), scripts.group());
            assertEquals("", scripts.group(2).strip(), scripts.group());
            count++;
        }
        assertEquals(2, count);
        assertFalse(index.contains(" style=") || index.contains("<style"), "no inline style");
        assertFalse(Pattern.compile("\\son[a-z]+=").matcher(index).find(), "no inline event handler");
    }

    private static List<Path> pageFiles() throws IOException {
        try (Stream<Path> files = Files.walk(WEBAPP)) {
            return files.filter(file -> file.toString().endsWith(".js") || file.toString().endsWith(".html")).toList();
        }
    }
}
