-- PostGraphile peer of the Relais benchmark: the SQL functions a PostGraphile user would write to serve workloads
-- W1 (portal list) and W2 (near search) over the Relais tables. Idempotent; applied by the bench before PostGraphile
-- starts (psql -v ON_ERROR_STOP=1 -f bench/postgraphile/setup.sql "$DATABASE_URL"). Never part of Relais's
-- migrations: it creates only the schema bench_peer and its functions, no index and no change to schema public.
--
-- Every function is LANGUAGE sql, STABLE or IMMUTABLE, not STRICT, without SET: PostgreSQL inlines them into the
-- query PostGraphile builds, so the outer LIMIT and the joins are planned together with the function's body.
-- The conditions repeat Relais's (src/services/read/sessions.ts, immersion-offers.ts, location-filter.ts) with the
-- status a partner portal reads: PUBLISHED only.

create schema if not exists bench_peer;

comment on schema bench_peer is 'Benchmark only: SQL functions of the PostGraphile peer (bench/postgraphile/setup.sql).';

-- Session.seatsLeft (a computed column): seats still free, never negative.
create or replace function bench_peer.session_seats_left(s public.session) returns integer
  language sql immutable parallel safe
as $$ select greatest(0, s.capacity - s.seats_taken) $$;

comment on function bench_peer.session_seats_left(public.session) is 'Seats still free (capacity - seats taken).';

-- W1: published sessions of a département with seats left, starting in [starts_from, starts_before), by start then id
-- (the order of Relais's sessions list). Exposed as Query.portalSessions(departement, startsFrom, startsBefore).
create or replace function bench_peer.portal_sessions(departement text, starts_from timestamptz, starts_before timestamptz)
  returns setof public.session
  language sql stable parallel safe
as $$
  select s.*
  from public.session s
  where s.departement_code = $1
    and s.status = 'PUBLISHED'
    and s.seats_taken < s.capacity
    and s.starts_at >= $2
    and s.starts_at < $3
  order by s.starts_at, s.id
$$;

-- @name: PostGraphile would otherwise prefix functions of a second schema with its name (benchPeerPortalSessions).
comment on function bench_peer.portal_sessions(text, timestamptz, timestamptz) is
  E'@name portal_sessions\nPublished sessions of a département with seats left, starting in [startsFrom, startsBefore), by start.';

-- ImmersionOffer.distanceKm(latitude, longitude) (a computed column with arguments): great-circle distance in km
-- (haversine, mean Earth radius 6371.0088 km), the exact expression Relais orders and filters by.
create or replace function bench_peer.immersion_offer_distance_km(o public.immersion_offer, latitude double precision, longitude double precision)
  returns double precision
  language sql immutable parallel safe
as $$
  select 12742.0176 * asin(least(1, sqrt(power(sin(radians(o.latitude - $2) / 2), 2)
    + cos(radians($2)) * cos(radians(o.latitude)) * power(sin(radians(o.longitude - $3) / 2), 2))))
$$;

comment on function bench_peer.immersion_offer_distance_km(public.immersion_offer, double precision, double precision) is
  'Distance in km from the given point (haversine).';

-- W2: published offers of a ROME domaine (F17) within radius_km of a point, nearest first then by id. The
-- latitude/longitude box (which contains the disc) lets PostgreSQL use the (latitude, longitude) index, as Relais does.
create or replace function bench_peer.immersion_offers_near(latitude double precision, longitude double precision, radius_km double precision, rome_domaine text)
  returns setof public.immersion_offer
  language sql stable parallel safe
as $$
  select o.*
  from public.immersion_offer o
  where o.status = 'PUBLISHED'
    and left(o.metier_code, 3) = $4
    and o.latitude between $1 - ($3 / 6371.0088) * (180 / pi()) and $1 + ($3 / 6371.0088) * (180 / pi())
    and o.longitude between $2 - least(180, ($3 / 6371.0088) * (180 / pi()) / greatest(cos(radians($1)), 1e-6))
                        and $2 + least(180, ($3 / 6371.0088) * (180 / pi()) / greatest(cos(radians($1)), 1e-6))
    and bench_peer.immersion_offer_distance_km(o, $1, $2) <= $3
  order by bench_peer.immersion_offer_distance_km(o, $1, $2), o.id
$$;

comment on function bench_peer.immersion_offers_near(double precision, double precision, double precision, text) is
  E'@name immersion_offers_near\nPublished immersion offers of a ROME domaine within radiusKm of a point, nearest first.';
