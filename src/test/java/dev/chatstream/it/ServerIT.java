package dev.chatstream.it;

import dev.chatstream.testing.FakeUpstream;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** An integration test against the WAR as built, deployed on Payara Micro, with the suite's fake upstream. */
@ExtendWith(ArquillianExtension.class)
abstract class ServerIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.built();
    }

    @ArquillianResource
    URL base;

    Api api;
    FakeUpstream upstream;

    @BeforeEach
    void connect() {
        api = new Api(base);
        upstream = Upstream.get();
    }
}
