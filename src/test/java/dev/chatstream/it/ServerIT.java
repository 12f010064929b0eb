package dev.chatstream.it;

import dev.chatstream.testing.FakeUpstream;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An integration test against the WAR as built, with the suite's fake upstream: deployed on Payara Micro by
 * Arquillian, or on the server this run of the suite tests ({@link TargetServer}).
 */
abstract class ServerIT {

    @RegisterExtension
    static final Extension SERVER = TargetServer.extension();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.built();
    }

    /** The address Arquillian gives, the machine's network address (on Payara Micro only). */
    @ArquillianResource
    URL arquillianBase;

    /** The server's address for the tests: over loopback, as a client on the server's own machine. */
    URL base;

    Api api;
    FakeUpstream upstream;

    @BeforeEach
    void connect() {
        base = TargetServer.url(arquillianBase);
        api = new Api(base, TargetServer.health(arquillianBase));
        upstream = Upstream.get();
    }
}
