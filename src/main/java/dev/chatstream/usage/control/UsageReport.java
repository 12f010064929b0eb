package dev.chatstream.usage.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Sums the owner's stored replies and their ratings per UTC day and model. */
@ApplicationScoped
public class UsageReport {

    public record Line(LocalDate date, String model, long replies, long promptTokens, long completionTokens,
                       long ratedUp, long ratedDown) {
        public long totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    @Inject
    Database database;

    /** From {@code from} to {@code to}, both days included. */
    public List<Line> perDayAndModel(Owner owner, LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = database.transaction(em -> em.createNativeQuery("""
                        SELECT CAST(m.created_at AS DATE) AS usage_day, COALESCE(m.model, ''), COUNT(*),
                               COALESCE(SUM(m.prompt_tokens), 0), COALESCE(SUM(m.completion_tokens), 0),
                               COUNT(CASE WHEN m.feedback = 'UP' THEN 1 END), COUNT(CASE WHEN m.feedback = 'DOWN' THEN 1 END)
                        FROM chat_message m JOIN chat_session s ON s.id = m.session_id
                        WHERE s.owner_tenant = ? AND s.owner_subject = ? AND m.role = 'ASSISTANT'
                          AND m.created_at >= ? AND m.created_at < ?
                        GROUP BY CAST(m.created_at AS DATE), COALESCE(m.model, '')
                        ORDER BY 1, 2""")
                .setParameter(1, owner.tenant())
                .setParameter(2, owner.subject())
                .setParameter(3, from.atStartOfDay().atOffset(ZoneOffset.UTC))
                .setParameter(4, to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                .getResultList());
        List<Line> lines = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            lines.add(new Line(toDate(row[0]), (String) row[1], ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue(), ((Number) row[4]).longValue(), ((Number) row[5]).longValue(),
                    ((Number) row[6]).longValue()));
        }
        return lines;
    }

    private static LocalDate toDate(Object value) {
        return value instanceof Date date ? date.toLocalDate() : (LocalDate) value;
    }
}
