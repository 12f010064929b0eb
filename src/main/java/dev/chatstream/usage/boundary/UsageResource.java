package dev.chatstream.usage.boundary;

import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.usage.control.UsageReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@code GET /api/v1/usage?from=&to=}: the caller's tokens and replies per day (UTC) and model. */
@ApplicationScoped
@Path("v1/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    static final int MAX_DAYS = 366;

    /** How many of the replies their user rated up and down. */
    public record Ratings(long up, long down) {
    }

    public record Day(LocalDate date, String model, long replies, long promptTokens, long completionTokens,
                      long totalTokens, Ratings ratings) {
    }

    public record Totals(long replies, long promptTokens, long completionTokens, long totalTokens, Ratings ratings) {
    }

    public record Usage(LocalDate from, LocalDate to, List<Day> days, Totals totals) {
    }

    @Inject
    UsageReport report;

    @Inject
    CurrentUser user;

    @GET
    public Usage usage(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate last = date("to", to, LocalDate.now(ZoneOffset.UTC));
        LocalDate first = date("from", from, last.minusDays(29));
        if (first.isAfter(last)) {
            throw InvalidInput.of("from", "from must not be after to");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw InvalidInput.of("from", "a report covers at most " + MAX_DAYS + " days");
        }
        List<Day> days = report.perDayAndModel(user.owner(), first, last).stream()
                .map(line -> new Day(line.date(), line.model(), line.replies(), line.promptTokens(),
                        line.completionTokens(), line.totalTokens(), new Ratings(line.ratedUp(), line.ratedDown())))
                .toList();
        return new Usage(first, last, days, new Totals(
                days.stream().mapToLong(Day::replies).sum(),
                days.stream().mapToLong(Day::promptTokens).sum(),
                days.stream().mapToLong(Day::completionTokens).sum(),
                days.stream().mapToLong(Day::totalTokens).sum(),
                new Ratings(days.stream().mapToLong(day -> day.ratings().up()).sum(),
                        days.stream().mapToLong(day -> day.ratings().down()).sum())));
    }

    private static LocalDate date(String field, String text, LocalDate fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw InvalidInput.of(field, field + " must be a date like 2026-01-31");
        }
    }
}
