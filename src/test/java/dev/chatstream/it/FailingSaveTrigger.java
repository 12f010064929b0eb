package dev.chatstream.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.api.Trigger;

/**
 * A real database failure on demand: an H2 trigger, deployed with the WAR, that rejects the first N saves
 * ending a reply whose text contains {@code FAIL-SAVE-N} (checkpoints, which keep it STREAMING, pass).
 * Runs inside the server, where the database lives.
 */
public class FailingSaveTrigger implements Trigger {

    private static final Pattern MARK = Pattern.compile("FAIL-SAVE-(\\d+)");
    private static final Map<Object, Integer> FAILURES = new ConcurrentHashMap<>();
    private static final int ID = 0;
    private static final int CONTENT = 4;
    private static final int STATUS = 6;

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        Matcher mark = MARK.matcher(String.valueOf(newRow[CONTENT]));
        if (mark.find() && !"STREAMING".equals(String.valueOf(newRow[STATUS]))) {
            int failures = FAILURES.merge(newRow[ID], 1, Integer::sum);
            if (failures <= Integer.parseInt(mark.group(1))) {
                throw new SQLException("injected failure " + failures + " saving reply " + newRow[ID]);
            }
        }
    }
}
