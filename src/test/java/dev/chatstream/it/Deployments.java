package dev.chatstream.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR exactly as built by the package phase, deployed as a black box. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive built() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war", "target/chatstream.war")));
    }
}
