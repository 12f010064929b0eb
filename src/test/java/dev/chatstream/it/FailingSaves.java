package dev.chatstream.it;

/**
 * Installs a real database failure on demand: saves that end a reply whose text contains {@code FAIL-SAVE-N}
 * are rejected N times. Checkpoints (updates that leave the reply {@code STREAMING}) pass, so that a
 * checkpoint landing during the retries cannot use up a failure meant for the final save. H2 runs a Java trigger class deployed with the WAR ({@link FailingSaveTrigger});
 * PostgreSQL a PL/pgSQL trigger counting attempts in a sequence, which a rolled-back attempt cannot undo.
 */
final class FailingSaves {

    private FailingSaves() {
    }

    static boolean postgres() {
        return System.getProperty("it.db.url").startsWith("jdbc:postgresql:");
    }

    static void install() {
        if (postgres()) {
            Db.execute("CREATE SEQUENCE IF NOT EXISTS it_save_attempts");
            Db.execute("""
                    CREATE OR REPLACE FUNCTION it_fail_save() RETURNS trigger AS $$
                    DECLARE wanted int := substring(NEW.content from 'FAIL-SAVE-([0-9]+)')::int;
                    BEGIN
                        IF wanted IS NOT NULL AND NEW.status <> 'STREAMING' AND nextval('it_save_attempts') <= wanted THEN
                            RAISE EXCEPTION 'injected failure saving reply %', NEW.id;
                        END IF;
                        RETURN NEW;
                    END $$ LANGUAGE plpgsql""");
            Db.execute("CREATE OR REPLACE TRIGGER fail_reply_save BEFORE UPDATE ON chat_message FOR EACH ROW EXECUTE FUNCTION it_fail_save()");
        } else {
            Db.execute("CREATE TRIGGER IF NOT EXISTS fail_reply_save BEFORE UPDATE ON chat_message FOR EACH ROW CALL '"
                    + FailingSaveTrigger.class.getName() + "'");
        }
    }

    /** Before each test: the attempt count starts again (PostgreSQL; the H2 trigger counts per reply). */
    static void reset() {
        if (postgres()) {
            Db.execute("ALTER SEQUENCE it_save_attempts RESTART WITH 1");
        }
    }

    static void remove() {
        // the next deployment does not carry the H2 trigger class: leave the database as it was
        Db.execute("DROP TRIGGER IF EXISTS fail_reply_save" + (postgres() ? " ON chat_message" : ""));
    }
}
