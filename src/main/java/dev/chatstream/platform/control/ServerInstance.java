package dev.chatstream.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This run of the server, by an id of its own: new at every start, so that a restarted server is never taken
 * for the one that died. Replies record the instance that generates them.
 */
@ApplicationScoped
public class ServerInstance {

    private final String id;

    public ServerInstance() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        id = HexFormat.of().formatHex(random);
    }

    public String id() {
        return id;
    }
}
