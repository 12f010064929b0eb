package dev.chatstream.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which sign-in the chat page is told to offer, and the identity provider's origin for its policy. */
class WebSignInTest {

    private static WebSignIn signIn(String issuer, String authority, String clientId, String scope) {
        DevTokens devTokens = new DevTokens();
        devTokens.issuer = issuer;
        devTokens.openTo = Optional.empty();
        WebSignIn signIn = new WebSignIn();
        signIn.devTokens = devTokens;
        signIn.authority = Optional.ofNullable(authority);
        signIn.clientId = Optional.ofNullable(clientId);
        signIn.scope = scope;
        return signIn;
    }

    @Test
    void theEmbeddedDefaultSignsInWithDevTokens() {
        WebSignIn signIn = signIn(DevTokenConfigSource.DEV_ISSUER, null, null, "openid profile email");
        assertEquals(WebSignIn.Mode.DEV, signIn.mode());
        assertEquals(Optional.empty(), signIn.oidc());
        assertEquals(Optional.empty(), signIn.oidcOrigin());
    }

    @Test
    void anExternalIssuerWithoutOidcSettingsLeavesTheHandOver() {
        assertEquals(WebSignIn.Mode.EXTERNAL, signIn("https://idp.example.com/realms/acme", null, null, "openid").mode());
        assertEquals(WebSignIn.Mode.EXTERNAL, signIn("https://idp.example.com/realms/acme", "https://idp.example.com/realms/acme", " ", "openid").mode(),
                "both the authority and the client id are needed");
    }

    @Test
    void authorityAndClientIdTurnOpenIdConnectOn() {
        WebSignIn signIn = signIn("https://idp.example.com/realms/acme", " https://idp.example.com:8443/realms/acme ", "chatstream-web", "openid profile email");
        assertEquals(WebSignIn.Mode.OIDC, signIn.mode());
        assertEquals(Optional.of(new WebSignIn.Oidc("https://idp.example.com:8443/realms/acme", "chatstream-web", "openid profile email")), signIn.oidc());
        assertEquals(Optional.of("https://idp.example.com:8443"), signIn.oidcOrigin());
        assertEquals(Optional.of("http://127.0.0.1"), signIn("x", "http://127.0.0.1/realms/chatstream", "web", "openid").oidcOrigin());
        assertEquals(Optional.empty(), signIn("x", "idp.example.com/realms/acme", "web", "openid").oidcOrigin(), "no origin from a relative URL");
    }
}
