#!/bin/sh
# Latency of the session search (GET /api/v1/sessions?q=) on PostgreSQL, as the server runs it: for the heaviest
# user of seed-postgres.sql (100,000 messages) after search-postgres.sql, one transaction per search with the
# statement SessionSearch sends (its words bound as parameters, prepared on the server as the JDBC driver does
# after a few executions, plan_cache_mode as SessionSearch sets it), a mix of words from common to absent, one
# client, warm cache. Prints p50/p99/max per kind and over all (docs/performance.md, "Session search").
#
#   bench/db/search-latency.sh [schema] [seconds]        (default chatstream_plans, 60)
#
# PGHOST/PGPORT/PGDATABASE/PGUSER as for psql (default 127.0.0.1, test). Needs pgbench (postgresql-client).
set -eu
schema=${1:-chatstream_plans}
seconds=${2:-60}
export PGHOST=${PGHOST:-127.0.0.1} PGDATABASE=${PGDATABASE:-test}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

params=$(psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 <<SQL
SET search_path = "$schema";
WITH heaviest AS (SELECT owner_tenant, owner_subject FROM chat_session GROUP BY 1, 2
                  ORDER BY count(*) DESC, 1, 2 LIMIT 1)
SELECT h.owner_tenant, h.owner_subject,
       (SELECT assistant FROM chat_session s WHERE (s.owner_tenant, s.owner_subject) = (h.owner_tenant, h.owner_subject)
        GROUP BY assistant ORDER BY count(*) DESC, assistant LIMIT 1),
       (SELECT extract(epoch FROM updated_at)::numeric || ' ' || id FROM chat_session s
        WHERE (s.owner_tenant, s.owner_subject) = (h.owner_tenant, h.owner_subject)
        ORDER BY updated_at DESC, id DESC OFFSET 799 LIMIT 1)
FROM heaviest h;
SQL
)
set -- $params
tenant=$1 subject=$2 assistant=$3 deep_epoch=$4 deep_id=$5

select='SELECT t0.id, t0.assistant, t0.created_at, t0.owner_subject, t0.owner_tenant, t0.topic, t0.updated_at FROM chat_session t0'
match='((to_tsvector('"'simple'"', t0.topic) @@ to_tsquery('"'simple'"', :q)) OR EXISTS (SELECT t1.id FROM chat_message t1 WHERE ((t1.session_id = t0.id) AND (t1.content_search @@ to_tsquery('"'simple'"', :q)))))'
order='ORDER BY t0.updated_at DESC, t0.id DESC LIMIT 21 OFFSET 0'

# kind, tsquery (SearchTerms.prefixQuery: whole words, the last one a prefix), deep page of one assistant or not
kinds='common|the:*|
common-prefix|st:*|
two-common|cursor & back:*|
one-percent|nebula:*|
rare|quasar:*|
absent|zebra:*|
common-and-rare|cursor & backup & quasar:*|
common-and-absent|cursor & backup & zebra:*|
common-and-one-percent|cursor & backup & nebula:*|
deep-page-assistant|stream:*|deep'
n=0
echo "$kinds" | while IFS='|' read -r kind q deep; do
    if [ -n "$deep" ]; then
        where="((((t0.owner_tenant = :tenant) AND (t0.owner_subject = :subject)) AND (t0.assistant = :assistant)) AND ((t0.updated_at <= to_timestamp(:deep_epoch)) AND ((t0.updated_at < to_timestamp(:deep_epoch)) OR ((t0.updated_at = to_timestamp(:deep_epoch)) AND (t0.id < :deep_id)))))"
    else
        where="((t0.owner_tenant = :tenant) AND (t0.owner_subject = :subject))"
    fi
    printf '%s\n' "BEGIN;" "SET search_path = \"$schema\";" "SET LOCAL plan_cache_mode = force_custom_plan;" \
        "$select WHERE ($where AND $(echo "$match" | sed "s/:q/:q$n/g")) $order;" "COMMIT;" > "$work/$n.sql"
    echo "$n $kind $q" >> "$work/kinds"
    echo "-D q$n=$q" >> "$work/defines"
    n=$((n + 1))
done

set -- -n -M prepared -c 1 -D "tenant=$tenant" -D "subject=$subject" -D "assistant=$assistant" \
    -D "deep_epoch=$deep_epoch" -D "deep_id=$deep_id"
while IFS= read -r define; do set -- "$@" -D "${define#-D }"; done < "$work/defines"
for f in "$work"/[0-9]*.sql; do set -- "$@" -f "$f"; done

echo "user $tenant/$subject, $seconds s after a 10 s warm-up"
pgbench "$@" -T 10 > /dev/null
(cd "$work" && pgbench "$@" -T "$seconds" -l --log-prefix=search > "$work/summary")
cat "$work"/search.* | awk '{ print $4, $3 }' > "$work/latencies"

percentiles() { # from latencies in microseconds on stdin
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "none"; exit }
        p50 = v[int(NR * 0.50 + 0.999)]; p99 = v[int(NR * 0.99 + 0.999)]
        printf "%7d runs  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms\n", NR, p50 / 1000, p99 / 1000, v[NR] / 1000 }'
}
while read -r i kind q; do
    printf '%-24s %-28s ' "$kind" "$q"
    awk -v i="$i" '$1 == i { print $2 }' "$work/latencies" | percentiles
done < "$work/kinds"
printf '%-53s ' "all"
awk '{ print $2 }' "$work/latencies" | percentiles
