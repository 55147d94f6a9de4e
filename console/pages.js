// The console's pages in French (README, "Console"), with preact and htm served by the hub (import map in the page):
// they call the hub's GraphQL API with the token the person enters, kept in sessionStorage for the tab's life.
import { h, render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import htm from 'htm';

const html = htm.bind(h);
const TOKEN_KEY = 'relais.token';
const PAGE = location.pathname.replace(/^\/console\/?/, '').replace(/\/$/, '');

// ---------------------------------------------------------------------------------------------------------------
// The API

class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

async function gql(token, query, variables) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => null);
  const error = body?.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code);
  if (!response.ok || !body) throw new ApiError(`le hub a répondu ${response.status}`, 'HTTP');
  return body.data;
}

/** A message for a person, from an API error code. */
function explain(error) {
  const byCode = {
    UNAUTHENTICATED: 'Jeton absent, inconnu, expiré ou révoqué.',
    FORBIDDEN: 'Votre compte n’a pas le droit de faire cela.',
    NOT_FOUND: 'Introuvable (ou hors de votre périmètre).',
    INVALID_TRANSITION: 'Cette orientation a déjà changé d’état : rechargez la page.',
    CAPACITY_REACHED: 'Plus de place disponible.',
    RATE_LIMITED: 'Trop de requêtes : réessayez dans une minute.',
    SERVICE_UNAVAILABLE: 'Le hub est momentanément indisponible.',
  };
  return byCode[error?.code] ?? error?.message ?? String(error);
}

// ---------------------------------------------------------------------------------------------------------------
// Words and formats

const ROLES = {
  NETWORK_ADMIN: 'administration du réseau',
  STRUCTURE_ADMIN: 'administration de structure',
  STRUCTURE_STAFF: 'équipe de structure',
  COMPANY_ADMIN: 'administration d’entreprise',
  COMPANY_STAFF: 'équipe d’entreprise',
  PARTICIPANT: 'participant·e',
  PARTNER_INTEGRATION: 'intégration partenaire',
};
const SESSION_KINDS = {
  AMBASSADEURS_DES_METIERS: 'Ambassadeurs des métiers',
  COMPANY_VISIT: 'Visite d’entreprise',
  INFORMATION_MEETING: 'Réunion d’information',
  JOB_DATING: 'Job dating',
  RALLYE: 'Rallye',
  WORKSHOP: 'Atelier',
};
const SESSION_STATUSES = { DRAFT: 'brouillon', PUBLISHED: 'publiée', FULL: 'complète', HELD: 'tenue', COMPLETED: 'terminée', CANCELLED: 'annulée' };
const REFERRAL_STATUSES = {
  PENDING: 'en attente de réponse',
  WAITLISTED: 'en liste d’attente',
  ACCEPTED: 'acceptée',
  REFUSED: 'refusée',
  CANCELLED: 'annulée',
  ATTENDED: 'présent·e',
  NO_SHOW: 'absent·e',
  COMPLETED: 'terminée',
};
const REFUSAL_REASONS = {
  NO_SEAT: 'Plus de place',
  INCOMPATIBLE_DATES: 'Dates incompatibles',
  NOT_ELIGIBLE: 'Ne remplit pas les conditions',
  LACKING_SKILLS: 'Prérequis non acquis',
  NOT_MOBILE: 'Trajet impossible',
  DUPLICATE: 'Orientation en double',
  OTHER: 'Autre raison',
};
const OBJECTIVES = { DISCOVER_METIER: 'Découvrir un métier', CONFIRM_PROJECT: 'Confirmer un projet', START_RECRUITMENT: 'Initier un recrutement' };

const dateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });
const time = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', second: '2-digit' });
/** French writes the first of the month "1er". */
const first = (text) => text.replace(/(^|\s)1 (?=\p{L})/u, '$11er ');
const when = (iso) => (iso ? first(dateTime.format(new Date(iso))) : '—');
const onDay = (iso) => (iso ? first(day.format(new Date(`${iso.length === 10 ? `${iso}T12:00:00Z` : iso}`))) : '—');
/** French counts 0 and 1 in the singular. */
const plural = (n, one, many) => `${n} ${n <= 1 ? one : many}`;
/** A participant as the viewer may see them: a name when personal data is readable, the age band otherwise. */
const person = (p) =>
  p?.personalData ? `${p.personalData.firstName} ${p.personalData.lastName.slice(0, 1)}.` : `Participant·e${p?.ageBand ? ` (${p.ageBand})` : ''}`;

// ---------------------------------------------------------------------------------------------------------------
// Layout: navigation, token form, the page

const NAV = [
  { path: 'seances', label: 'Séances' },
  { path: 'orientations', label: 'Orientations' },
  { path: 'direct', label: 'Offres en direct' },
  { path: 'compte', label: 'Mon compte' },
  { path: 'indicateurs', label: 'Indicateurs' },
];

function TokenForm({ token, viewer, error, demoTokens, onToken }) {
  const [value, setValue] = useState('');
  if (token && viewer) {
    return html`<div class="session" role="status">
      <span>Connecté·e : <strong>${viewer.displayName}</strong> · ${ROLES[viewer.role] ?? viewer.role}${
        viewer.structure ? ` · ${viewer.structure.name}` : viewer.company ? ` · ${viewer.company.name}` : ''
      }</span>
      <button type="button" class="secondary" onClick=${() => onToken('')}>Se déconnecter</button>
    </div>`;
  }
  const submit = (event) => {
    event.preventDefault();
    onToken(value.trim());
  };
  return html`<form class="login" onSubmit=${submit} aria-describedby=${error ? 'login-error' : undefined}>
    <div class="field">
      <label for="token">Jeton d’accès</label>
      <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" placeholder="rls_…" required value=${value}
        onInput=${(e) => setValue(e.currentTarget.value)} />
    </div>
    ${demoTokens.length > 0 &&
    html`<div class="field">
      <label for="demo-token">Jeton de démonstration</label>
      <select id="demo-token" onChange=${(e) => setValue(e.currentTarget.value)}>
        <option value="">— choisir —</option>
        ${demoTokens.map((t) => html`<option value=${t.secret}>${t.displayName} (${ROLES[t.role] ?? t.role})</option>`)}
      </select>
    </div>`}
    <button type="submit">Se connecter</button>
    ${error && html`<p id="login-error" class="error" role="alert">${error}</p>`}
  </form>`;
}

function Layout({ title, session, children }) {
  return html`<a class="skip" href="#contenu">Aller au contenu</a>
    <header class="top">
      <div class="brand"><a href="/console/">Relais</a></div>
      <nav aria-label="Pages de la console">
        <ul>
          ${NAV.map(
            (n) => html`<li><a href=${`/console/${n.path}`} aria-current=${PAGE === n.path ? 'page' : undefined}>${n.label}</a></li>`,
          )}
          <li><a href="/console/graphiql">GraphiQL</a></li>
        </ul>
      </nav>
      <${TokenForm} ...${session} />
    </header>
    <main id="contenu" tabindex="-1">
      <h1>${title}</h1>
      ${children}
    </main>`;
}

function useSession(demoTokens) {
  const [token, setToken] = useState(sessionStorage.getItem(TOKEN_KEY) ?? '');
  const [viewer, setViewer] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setViewer(null);
    setError(null);
    if (!token) return;
    gql(token, '{ viewer { id displayName role structure { id name } company { id name } } }')
      .then((d) => setViewer(d.viewer))
      .catch((e) => setError(explain(e)));
  }, [token]);
  const onToken = useCallback((next) => {
    if (next) sessionStorage.setItem(TOKEN_KEY, next);
    else sessionStorage.removeItem(TOKEN_KEY);
    setToken(next);
  }, []);
  return { token, viewer, error, demoTokens, onToken };
}

/** Loads `load()` when the viewer is known; `reload` runs it again. */
function useLoad(session, load) {
  const [state, setState] = useState({ loading: true });
  const run = useCallback(() => {
    if (!session.viewer) return;
    setState((s) => ({ ...s, loading: true }));
    load()
      .then((data) => setState({ loading: false, data }))
      .catch((e) => setState({ loading: false, error: explain(e) }));
  }, [session.viewer]);
  useEffect(run, [run]);
  return [state, run];
}

const Loading = ({ state, children }) =>
  state.error
    ? html`<p class="error" role="alert">${state.error}</p>`
    : state.loading && !state.data
      ? html`<p aria-busy="true">Chargement…</p>`
      : children(state.data);

const NeedsToken = () => html`<p class="hint">Entrez votre jeton d’accès ci-dessus pour voir cette page.</p>`;

// ---------------------------------------------------------------------------------------------------------------
// Home

function Home() {
  return html`<p>La console du hub Relais, pour les équipes du réseau. Chaque page appelle l’API avec votre jeton.</p>
    <ul class="cards">
      <li><a href="/console/seances"><strong>Mes séances à venir</strong><span>places prises et listes d’attente de vos séances</span></a></li>
      <li><a href="/console/orientations"><strong>Orientations à traiter</strong><span>accepter ou refuser les orientations en attente de réponse</span></a></li>
      <li><a href="/console/direct"><strong>Offres en direct</strong><span>les séances et immersions publiées, à l’instant (la vue de l’application mobile)</span></a></li>
      <li><a href="/console/compte"><strong>Mon compte</strong><span>vos jetons et les adresses de vos webhooks</span></a></li>
      <li><a href="/console/indicateurs"><strong>Indicateurs</strong><span>les chiffres d’un territoire dans le temps : séances, places, orientations, présence, engagements PAQTE</span></a></li>
      <li><a href="/console/graphiql"><strong>GraphiQL</strong><span>pour les développeurs : l’API, son schéma, des exemples</span></a></li>
    </ul>`;
}

// ---------------------------------------------------------------------------------------------------------------
// (a) An animator's upcoming sessions, their seats and waiting lists

const SESSIONS = `query MesSeances($filter: SessionFilter) {
  sessions(first: 50, filter: $filter) {
    totalCount
    edges { node { id title kind status startsAt endsAt capacity seatsTaken seatsLeft commune { name } hostCompany { name } hostStructure { name } } }
  }
}`;
const WAITING = `query Attentes($sessions: [ID!]) {
  referrals(first: 100, filter: { sessions: $sessions, statuses: [WAITLISTED, PENDING] }) {
    edges { node { id status createdAt waitlistedAt session { id } participant { ageBand personalData { firstName lastName } } prescriberStructure { name } } }
  }
}`;

function SeatMeter({ session }) {
  return html`<div class="seats">
    <meter min="0" max=${session.capacity} value=${session.seatsTaken} aria-hidden="true"></meter>
    <span data-seats=${session.id}><strong>${session.seatsTaken}</strong> sur ${plural(session.capacity, 'place prise', 'places prises')} · ${plural(
      session.seatsLeft,
      'place restante',
      'places restantes',
    )}</span>
  </div>`;
}

function Sessions({ session }) {
  const viewer = session.viewer;
  const [state] = useLoad(session, async () => {
    const filter = { startsFrom: new Date().toISOString(), statuses: ['DRAFT', 'PUBLISHED', 'FULL'] };
    if (viewer.structure) filter.organisers = [viewer.structure.id];
    else if (viewer.company) filter.hostCompanies = [viewer.company.id];
    const { sessions } = await gql(session.token, SESSIONS, { filter });
    const nodes = sessions.edges.map((e) => e.node).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const waiting = nodes.length ? (await gql(session.token, WAITING, { sessions: nodes.map((n) => n.id) })).referrals.edges.map((e) => e.node) : [];
    return { total: sessions.totalCount, sessions: nodes, waiting };
  });
  if (!viewer) return html`<${NeedsToken} />`;
  return html`<${Loading} state=${state}>${(data) =>
    data.sessions.length === 0
      ? html`<p>Aucune séance à venir${viewer.structure ? ` pour ${viewer.structure.name}` : ''}.</p>`
      : html`<p>${plural(data.total, 'séance à venir', 'séances à venir')}${viewer.structure ? ` organisées par ${viewer.structure.name}` : ''}.</p>
          <ul class="list">
            ${data.sessions.map((s) => {
              const waitlist = data.waiting.filter((r) => r.session?.id === s.id && r.status === 'WAITLISTED').sort((a, b) => (a.waitlistedAt ?? '').localeCompare(b.waitlistedAt ?? ''));
              const pending = data.waiting.filter((r) => r.session?.id === s.id && r.status === 'PENDING');
              return html`<li class="card" data-session=${s.id} aria-labelledby=${`s-${s.id}`}>
                <h2 id=${`s-${s.id}`}>${s.title}</h2>
                <p class="meta">${SESSION_KINDS[s.kind] ?? s.kind} · <time datetime=${s.startsAt}>${when(s.startsAt)}</time>${s.commune ? ` · ${s.commune.name}` : ''}${
                  (s.hostCompany ?? s.hostStructure) ? ` · chez ${(s.hostCompany ?? s.hostStructure).name}` : ''
                } · <span class=${`badge ${s.status.toLowerCase()}`}>${SESSION_STATUSES[s.status] ?? s.status}</span></p>
                <${SeatMeter} session=${s} />
                <details open=${waitlist.length > 0}>
                  <summary>Liste d’attente : ${waitlist.length}</summary>
                  ${waitlist.length === 0 ? html`<p>Personne en liste d’attente.</p>` : html`<ol>${waitlist.map((r) => html`<li>${person(r.participant)}${r.prescriberStructure ? ` — ${r.prescriberStructure.name}` : ''}</li>`)}</ol>`}
                </details>
                ${pending.length > 0 && html`<p><a href="/console/orientations">${plural(pending.length, 'orientation attend', 'orientations attendent')} votre réponse</a></p>`}
              </li>`;
            })}
          </ul>`}<//>`;
}

// ---------------------------------------------------------------------------------------------------------------
// (b) Referrals waiting for an answer: accept or refuse

const PENDING = `query OrientationsATraiter {
  referrals(first: 50, filter: { statuses: [PENDING] }) {
    totalCount
    edges { node {
      id status createdAt motive
      participant { ageBand personalData { firstName lastName } }
      prescriberStructure { name }
      session { id title startsAt capacity seatsTaken seatsLeft }
      immersionOffer { id title positions company { name } }
    } }
  }
}`;
const ANSWERED = 'referral { id status session { id capacity seatsTaken seatsLeft } }';
const ACCEPT = `mutation Accepter($input: ReferralIdInput!) { acceptReferral(input: $input) { ${ANSWERED} } }`;
const REFUSE = `mutation Refuser($input: RefuseReferralInput!) { refuseReferral(input: $input) { ${ANSWERED} } }`;

function RefuseForm({ referral, onRefuse, onCancel, busy }) {
  const [reason, setReason] = useState('NO_SEAT');
  const [detail, setDetail] = useState('');
  const [shared, setShared] = useState(true);
  const id = referral.id;
  const submit = (event) => {
    event.preventDefault();
    onRefuse({ referralId: id, reason, detail: detail.trim() || undefined, sharedWithParticipant: shared });
  };
  return html`<form class="refuse" onSubmit=${submit}>
    <div class="field">
      <label for=${`reason-${id}`}>Motif du refus</label>
      <select id=${`reason-${id}`} value=${reason} onChange=${(e) => setReason(e.currentTarget.value)}>
        ${Object.entries(REFUSAL_REASONS).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for=${`detail-${id}`}>Précision (facultative)</label>
      <textarea id=${`detail-${id}`} rows="2" maxlength="1000" value=${detail} onInput=${(e) => setDetail(e.currentTarget.value)}></textarea>
    </div>
    <div class="check">
      <input id=${`shared-${id}`} type="checkbox" checked=${shared} onChange=${(e) => setShared(e.currentTarget.checked)} />
      <label for=${`shared-${id}`}>Le motif peut être communiqué au ou à la participant·e</label>
    </div>
    <div class="actions">
      <button type="submit" class="danger" disabled=${busy}>Confirmer le refus</button>
      <button type="button" class="secondary" onClick=${onCancel}>Annuler</button>
    </div>
  </form>`;
}

function Referrals({ session }) {
  const [state, reload] = useLoad(session, async () => (await gql(session.token, PENDING)).referrals);
  const [answers, setAnswers] = useState({});
  const [seats, setSeats] = useState({});
  const [refusing, setRefusing] = useState(null);
  const [busy, setBusy] = useState(null);
  const [message, setMessage] = useState(null);
  if (!session.viewer) return html`<${NeedsToken} />`;

  const answer = async (referral, document, input, verb) => {
    setBusy(referral.id);
    setMessage(null);
    try {
      const data = await gql(session.token, document, { input });
      const updated = Object.values(data)[0].referral;
      setAnswers((a) => ({ ...a, [referral.id]: updated.status }));
      if (updated.session) setSeats((s) => ({ ...s, [updated.session.id]: updated.session }));
      setRefusing(null);
      setMessage({ ok: true, text: `Orientation de ${person(referral.participant)} ${verb} : ${REFERRAL_STATUSES[updated.status] ?? updated.status}.` });
    } catch (e) {
      setMessage({ ok: false, text: explain(e) });
    } finally {
      setBusy(null);
    }
  };

  return html`<p class="status-line" role="status" aria-live="polite">${message?.text ?? ''}</p>
    <${Loading} state=${state}>${(data) =>
      data.edges.length === 0
        ? html`<p>Aucune orientation n’attend de réponse.</p>`
        : html`<p>${plural(data.totalCount, 'orientation attend', 'orientations attendent')} une réponse. <button type="button" class="link" onClick=${reload}>Actualiser</button></p>
            <ul class="list">
              ${data.edges.map(({ node: r }) => {
                const s = r.session ? { ...r.session, ...seats[r.session.id] } : null;
                const status = answers[r.id];
                return html`<li class=${`card${status ? ' answered' : ''}`} data-referral=${r.id} aria-labelledby=${`r-${r.id}`}>
                  <h2 id=${`r-${r.id}`}>${person(r.participant)}</h2>
                  <p class="meta">Orienté·e par ${r.prescriberStructure?.name ?? 'une structure'} le <time datetime=${r.createdAt}>${onDay(r.createdAt)}</time></p>
                  ${s && html`<p>Séance : <strong>${s.title}</strong>, <time datetime=${s.startsAt}>${when(s.startsAt)}</time></p><${SeatMeter} session=${s} />`}
                  ${r.immersionOffer && html`<p>Immersion : <strong>${r.immersionOffer.title}</strong>${r.immersionOffer.company ? ` chez ${r.immersionOffer.company.name}` : ''} · ${plural(r.immersionOffer.positions, 'poste', 'postes')}</p>`}
                  ${r.motive && html`<blockquote>${r.motive}</blockquote>`}
                  ${status
                    ? html`<p class="answer"><span class=${`badge ${status.toLowerCase()}`}>${REFERRAL_STATUSES[status] ?? status}</span></p>`
                    : refusing === r.id
                      ? html`<${RefuseForm} referral=${r} busy=${busy === r.id} onCancel=${() => setRefusing(null)} onRefuse=${(input) => answer(r, REFUSE, input, 'refusée')} />`
                      : html`<div class="actions">
                          <button type="button" disabled=${busy === r.id} onClick=${() => answer(r, ACCEPT, { referralId: r.id }, 'acceptée')}>Accepter</button>
                          <button type="button" class="secondary" disabled=${busy === r.id} onClick=${() => setRefusing(r.id)}>Refuser…</button>
                        </div>`}
                </li>`;
              })}
            </ul>`}<//>`;
}

// ---------------------------------------------------------------------------------------------------------------
// (c) New offers, live, over graphql-ws (the mobile app's view)

const SLOTS = `subscription NouvellesSeances($filter: OfferEventFilter, $after: String) {
  visitSlotPublished(filter: $filter, after: $after) {
    cursor reason
    session { id title kind startsAt seatsLeft commune { name } hostCompany { name } hostStructure { name } }
  }
}`;
const OFFERS = `subscription NouvellesImmersions($filter: OfferEventFilter, $after: String) {
  immersionOfferPublished(filter: $filter, after: $after) {
    cursor
    immersionOffer { id title objective positions availableFrom availableUntil commune { name } company { name } metier { label } }
  }
}`;

function Live({ session }) {
  const [departement, setDepartement] = useState('');
  const [filter, setFilter] = useState(null);
  const [connection, setConnection] = useState('connexion…');
  const [events, setEvents] = useState([]);
  useEffect(() => {
    if (!session.viewer) return undefined;
    // The last cursor of each subscription: after a reconnection, what was missed is replayed, once, in order.
    const after = { slots: null, offers: null };
    const stops = [];
    const client = window.graphqlWs.createClient({
      url: `${location.origin.replace(/^http/, 'ws')}/graphql`,
      connectionParams: { authorization: `Bearer ${session.token}` },
      retryAttempts: 10,
      shouldRetry: () => true,
      on: {
        connected: (_socket, _payload, wasRetry) => {
          setConnection('connecté : les nouvelles offres s’affichent dès leur publication');
          if (wasRetry) subscribe();
        },
        closed: (event) => setConnection(event?.code === 4403 ? 'jeton refusé' : 'déconnecté, nouvel essai…'),
      },
    });
    const receive = (kind, event, item) => {
      after[kind] = event.cursor;
      if (item) setEvents((list) => [{ kind, item, reason: event.reason, cursor: event.cursor, receivedAt: Date.now() }, ...list].slice(0, 100));
    };
    const subscribe = () => {
      stops.splice(0).forEach((stop) => stop());
      const variables = (kind) => ({ filter, after: after[kind] });
      const sink = (pick) => ({ next: (result) => pick(result.data), error: () => setConnection('erreur de l’abonnement'), complete: () => undefined });
      stops.push(client.subscribe({ query: SLOTS, variables: variables('slots') }, sink((d) => d && receive('slots', d.visitSlotPublished, d.visitSlotPublished.session))));
      stops.push(client.subscribe({ query: OFFERS, variables: variables('offers') }, sink((d) => d && receive('offers', d.immersionOfferPublished, d.immersionOfferPublished.immersionOffer))));
    };
    // Subscribed from the outbox's latest cursor, read first: an offer published while the socket opens is not lost.
    let closed = false;
    gql(session.token, '{ latestEventCursor }')
      .then(({ latestEventCursor }) => {
        if (closed) return;
        after.slots = after.offers = latestEventCursor;
        subscribe();
      })
      .catch((e) => setConnection(explain(e)));
    return () => {
      closed = true;
      stops.forEach((stop) => stop());
      void client.dispose();
    };
  }, [session.viewer, filter]);
  if (!session.viewer) return html`<${NeedsToken} />`;
  const apply = (event) => {
    event.preventDefault();
    setEvents([]);
    setFilter(departement.trim() ? { departementCodes: [departement.trim()] } : null);
  };
  return html`<form class="inline" onSubmit=${apply}>
      <div class="field">
        <label for="departement">Département (facultatif)</label>
        <input id="departement" inputmode="text" maxlength="3" placeholder="ex. 33" value=${departement} onInput=${(e) => setDepartement(e.currentTarget.value)} />
      </div>
      <button type="submit">Filtrer</button>
    </form>
    <p class="connection" role="status" data-connection=${connection.startsWith('connecté') ? 'open' : 'other'}>${connection}</p>
    <h2 class="sr-only">Offres reçues</h2>
    ${events.length === 0 && html`<p class="hint">Aucune offre publiée depuis l’ouverture de la page.</p>`}
    <ul class="list feed" aria-live="polite" aria-relevant="additions">
      ${events.map((e) =>
        e.kind === 'slots'
          ? html`<li class="card" data-offer=${e.item.id} data-received-at=${e.receivedAt}>
              <p class="meta"><span class="badge published">${e.reason === 'REOPENED' ? 'places libérées' : 'nouvelle séance'}</span> reçue à ${time.format(e.receivedAt)}</p>
              <h3>${e.item.title}</h3>
              <p>${SESSION_KINDS[e.item.kind] ?? e.item.kind} · <time datetime=${e.item.startsAt}>${when(e.item.startsAt)}</time>${e.item.commune ? ` · ${e.item.commune.name}` : ''}${
                (e.item.hostCompany ?? e.item.hostStructure) ? ` · chez ${(e.item.hostCompany ?? e.item.hostStructure).name}` : ''
              }</p>
              <p>${plural(e.item.seatsLeft, 'place disponible', 'places disponibles')}</p>
            </li>`
          : html`<li class="card" data-offer=${e.item.id} data-received-at=${e.receivedAt}>
              <p class="meta"><span class="badge accepted">nouvelle immersion</span> reçue à ${time.format(e.receivedAt)}</p>
              <h3>${e.item.title}</h3>
              <p>${e.item.company?.name ?? ''}${e.item.commune ? ` · ${e.item.commune.name}` : ''}${e.item.metier ? ` · ${e.item.metier.label}` : ''}</p>
              <p>${OBJECTIVES[e.item.objective] ?? e.item.objective} · du ${onDay(e.item.availableFrom)} au ${onDay(e.item.availableUntil)} · ${plural(e.item.positions, 'poste', 'postes')}</p>
            </li>`,
      )}
    </ul>`;
}

// ---------------------------------------------------------------------------------------------------------------
// (d) The account's tokens and webhook endpoints

const ACCOUNT = `query MonCompte {
  viewer { displayName email role structure { name } company { name } tokens(first: 20) { id label prefix createdAt expiresAt lastUsedAt revokedAt } }
  webhookEndpoints { id url description events createdAt disabledAt disabledReason failingSince }
}`;

function Account({ session }) {
  const [state] = useLoad(session, () => gql(session.token, ACCOUNT));
  if (!session.viewer) return html`<${NeedsToken} />`;
  return html`<${Loading} state=${state}>${({ viewer, webhookEndpoints }) => html`
    <dl class="facts">
      <dt>Nom</dt><dd>${viewer.displayName}</dd>
      <dt>Adresse</dt><dd>${viewer.email}</dd>
      <dt>Rôle</dt><dd>${ROLES[viewer.role] ?? viewer.role}</dd>
      ${viewer.structure && html`<dt>Structure</dt><dd>${viewer.structure.name}</dd>`}
      ${viewer.company && html`<dt>Entreprise</dt><dd>${viewer.company.name}</dd>`}
    </dl>
    <h2>Jetons d’accès</h2>
    <p class="hint">Le secret d’un jeton n’est montré qu’à sa création ; ici, son début seulement.</p>
    <ul class="list">
      ${viewer.tokens.map(
        (t) => html`<li class="card compact">
          <h3><code>${t.prefix}…</code> ${t.label ?? ''}</h3>
          <p class="meta">créé le ${onDay(t.createdAt)} · ${t.revokedAt ? html`<span class="badge cancelled">révoqué le ${onDay(t.revokedAt)}</span>` : t.expiresAt ? `expire le ${onDay(t.expiresAt)}` : 'sans expiration'} · ${
            t.lastUsedAt ? `dernier usage : ${when(t.lastUsedAt)}` : 'jamais utilisé'
          }</p>
        </li>`,
      )}
    </ul>
    <h2>Webhooks</h2>
    ${webhookEndpoints.length === 0
      ? html`<p>Aucune adresse de webhook. Un développeur peut en créer une avec <code>createWebhookEndpoint</code> (voir GraphiQL).</p>`
      : html`<ul class="list">
          ${webhookEndpoints.map(
            (w) => html`<li class="card compact">
              <h3><code>${w.url}</code></h3>
              ${w.description && html`<p>${w.description}</p>`}
              <p class="meta">${w.events.join(', ')} · créé le ${onDay(w.createdAt)} · ${
                w.disabledAt ? html`<span class="badge cancelled">désactivé${w.disabledReason ? ` : ${w.disabledReason}` : ''}</span>` : w.failingSince ? html`<span class="badge refused">en échec depuis le ${onDay(w.failingSince)}</span>` : html`<span class="badge accepted">actif</span>`
              }</p>
            </li>`,
          )}
        </ul>`}`}<//>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Indicators: the figures of a territory over time (README, "Indicators"), drawn with Chart.js (window.Chart, its
// UMD build served by the hub on this page only). Each chart has a table of the same figures beside it.

const INDICATORS = `query Indicateurs($filter: IndicatorFilter!, $groupBy: [IndicatorDimension!]) {
  indicators(filter: $filter, groupBy: $groupBy) {
    computedAt
    rows {
      keys { value }
      sessions { held cancelled seatsOffered }
      people { seatsFilled { value display } attendanceRate { value display } byStatus { status count { value display } } }
    }
    total {
      sessions { held cancelled seatsOffered }
      people { referrals { value display } participants { value display } attendanceRate { value display } }
      commitments { axis proposed signed fulfilled }
    }
  }
}`;
const DEPARTEMENTS = `query Departements($filter: IndicatorFilter!) { indicators(filter: $filter, groupBy: [DEPARTEMENT]) { rows { keys { value label } } } }`;

/** The 18 régions (INSEE codes): the API has no list of them, and they change once in a generation. */
const REGIONS = [
  ['84', 'Auvergne-Rhône-Alpes'], ['27', 'Bourgogne-Franche-Comté'], ['53', 'Bretagne'], ['24', 'Centre-Val de Loire'], ['94', 'Corse'],
  ['44', 'Grand Est'], ['01', 'Guadeloupe'], ['03', 'Guyane'], ['32', 'Hauts-de-France'], ['11', 'Île-de-France'], ['04', 'La Réunion'],
  ['02', 'Martinique'], ['06', 'Mayotte'], ['28', 'Normandie'], ['75', 'Nouvelle-Aquitaine'], ['76', 'Occitanie'], ['52', 'Pays de la Loire'],
  ['93', 'Provence-Alpes-Côte d’Azur'],
];
const STATUS_ORDER = ['PENDING', 'WAITLISTED', 'ACCEPTED', 'REFUSED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'];
const AXES = { SENSIBILISER: 'Sensibiliser', FORMER: 'Former', RECRUTER: 'Recruter', ACHETER: 'Acheter' };
// Dark enough to read as text on white (the "< 5" marks are drawn in the dataset's colour).
const COLOURS = ['#0b5cad', '#b54d00', '#1d6b35', '#a4161a', '#6a3d9a', '#00727a', '#525a63', '#7a5c00'];

const integer = new Intl.NumberFormat('fr-FR');
const monthLabel = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** A count as printed: the number, or what the API says instead of it ("< 5"; "hidden" reads "masqué"). */
const shownCount = (count) => (count.value !== null ? integer.format(count.value) : count.display === 'hidden' ? 'masqué' : count.display);
/** A rate as printed: "80,0 %", "masqué", or "—" when nobody was expected. */
const shownRate = (rate) => (rate.display === 'hidden' ? 'masqué' : rate.display === '' ? '—' : rate.display.replace('.', ','));
/** What a chart plots for a count of people: its value, or nothing (null, a gap) when it is withheld. */
const plotted = (count) => count.value;
const withheld = (count) => (count.value === null && count.display ? (count.display === 'hidden' ? 'masqué' : count.display) : '');

/** The months (`2026-11`) or quarters (`2026-Q4`) from one day to another, as the API names its keys. */
function periods(from, to, grain) {
  const list = [];
  let [year, month] = from.split('-').map(Number);
  const [endYear, endMonth] = to.split('-').map(Number);
  while (year < endYear || (year === endYear && month <= endMonth)) {
    const key = grain === 'QUARTER' ? `${year}-Q${Math.floor((month - 1) / 3) + 1}` : `${year}-${String(month).padStart(2, '0')}`;
    if (list[list.length - 1] !== key) list.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return list;
}
const periodLabel = (key) => {
  const quarter = /^(\d{4})-Q(\d)$/.exec(key);
  if (quarter) return `T${quarter[2]} ${quarter[1]}`;
  return monthLabel.format(new Date(`${key}-01T00:00:00Z`));
};

/** Default period: the twelve months to the current one, and the two months ahead (sessions already planned). */
function defaultPeriod() {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/**
 * Draws, where a count of people is withheld, what the API shows instead ("< 5", "masqué") at the foot of the gap
 * in the dataset's colour: the gap is then read as withheld, not as zero.
 */
const withheldMarks = {
  id: 'relaisWithheld',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    const stacked = new Map();
    ctx.save();
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden || !dataset.withheld) return;
      dataset.withheld.forEach((mark, j) => {
        const element = meta.data[j];
        if (!mark || !element) return;
        const level = stacked.get(j) ?? 0;
        stacked.set(j, level + 1);
        ctx.fillStyle = dataset.borderColor;
        ctx.fillText(mark, element.x, chartArea.bottom - 2 - level * 13);
      });
    });
    ctx.restore();
  },
};

if (window.Chart) {
  window.Chart.register(withheldMarks);
  window.Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  window.Chart.defaults.color = '#1b1f24';
}

/** One Chart.js chart on a canvas, remade when its configuration changes. `label` is its text alternative. */
function ChartCanvas({ config, label }) {
  const ref = useRef(null);
  useEffect(() => {
    const chart = new window.Chart(ref.current, config);
    return () => chart.destroy();
  }, [config]);
  return html`<div class="chart-box"><canvas ref=${ref} role="img" aria-label=${label}></canvas></div>`;
}

const baseOptions = (extra = {}) => ({
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  locale: 'fr-FR',
  interaction: { mode: 'index', intersect: false },
  plugins: { legend: { position: 'bottom', labels: { boxWidth: 14 } }, tooltip: { callbacks: {} } },
  ...extra,
});

/** A tooltip line saying "< 5" (or "masqué") where the chart shows a gap. */
const tooltipLabel = (format) => (item) => {
  const mark = item.dataset.withheld?.[item.dataIndex];
  return `${item.dataset.label} : ${mark || format(item.raw)}`;
};

// The text is interpolated: htm would read "< 5" in a template as a tag.
const WITHHELD_NOTE = html`<p class="note">${'« < 5 » : de 1 à 4 personnes. Pour les protéger, ce nombre n’est pas donné ni tracé : le graphique laisse un vide marqué « < 5 ». « masqué » : un chiffre retenu parce qu’il permettrait de retrouver un tel nombre.'}</p>`;

/** A figure: title, chart, note on withheld counts, and the table of the same figures (its text alternative). */
function Figure({ id, title, config, summary, head, rows, withheldShown }) {
  return html`<section class="figure card" aria-labelledby=${`${id}-title`} data-chart=${id}>
    <h2 id=${`${id}-title`}>${title}</h2>
    <${ChartCanvas} config=${config} label=${`${title}. ${summary} Les chiffres sont dans le tableau qui suit.`} />
    ${withheldShown && WITHHELD_NOTE}
    <details>
      <summary>Tableau des chiffres</summary>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">${title}</caption>
          <thead><tr>${head.map((cell, i) => html`<th scope="col" class=${i ? 'num' : undefined}>${cell}</th>`)}</tr></thead>
          <tbody>
            ${rows.map(
              (row) => html`<tr data-key=${row.key}>
                <th scope="row">${row.label}</th>
                ${row.cells.map((cell) => html`<td class="num" data-measure=${cell.measure}>${cell.text}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
  </section>`;
}

/** The figures of the answer, one entry per period (periods without activity read 0). */
function byPeriod(answer, keys) {
  const rows = new Map(answer.rows.map((r) => [r.keys[0].value, r]));
  const zero = { value: 0, display: '0' };
  return keys.map((key) => {
    const row = rows.get(key);
    const statuses = new Map((row?.people?.byStatus ?? []).map((s) => [s.status, s.count]));
    return {
      key,
      label: periodLabel(key),
      sessions: row?.sessions ?? { held: 0, cancelled: 0, seatsOffered: 0 },
      people: answer.total.people && {
        seatsFilled: row?.people?.seatsFilled ?? zero,
        attendanceRate: row?.people?.attendanceRate ?? { value: null, display: '' },
        byStatus: STATUS_ORDER.map((status) => ({ status, count: statuses.get(status) ?? zero })),
      },
    };
  });
}

function charts(answer, keys, grainWord) {
  const cells = byPeriod(answer, keys);
  const labels = cells.map((c) => c.label);
  const figures = [];
  const sum = (pick) => cells.reduce((n, c) => n + pick(c), 0);

  figures.push({
    id: 'seances',
    title: `Séances tenues et annulées, par ${grainWord}`,
    summary: `Sur la période : ${plural(sum((c) => c.sessions.held), 'séance tenue', 'séances tenues')}, ${plural(sum((c) => c.sessions.cancelled), 'annulée', 'annulées')}.`,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'Tenues', data: cells.map((c) => c.sessions.held), backgroundColor: COLOURS[0], borderColor: COLOURS[0] },
          { label: 'Annulées', data: cells.map((c) => c.sessions.cancelled), backgroundColor: COLOURS[3], borderColor: COLOURS[3] },
        ],
      },
      options: baseOptions({ scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'séances' } } } }),
    },
    head: [capital(grainWord), 'Tenues', 'Annulées'],
    rows: cells.map((c) => ({ key: c.key, label: c.label, cells: [
      { measure: 'held', text: integer.format(c.sessions.held) },
      { measure: 'cancelled', text: integer.format(c.sessions.cancelled) },
    ] })),
  });

  const people = answer.total.people;
  const filled = people ? cells.map((c) => c.people.seatsFilled) : null;
  figures.push({
    id: 'places',
    title: `Places offertes et pourvues, par ${grainWord}`,
    summary: `Sur la période : ${plural(sum((c) => c.sessions.seatsOffered), 'place offerte', 'places offertes')}${people ? '' : ' (les places pourvues ne sont pas lisibles avec votre compte)'}.`,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'Offertes', data: cells.map((c) => c.sessions.seatsOffered), backgroundColor: COLOURS[0], borderColor: COLOURS[0] },
          ...(filled ? [{ label: 'Pourvues', data: filled.map(plotted), withheld: filled.map(withheld), backgroundColor: COLOURS[2], borderColor: COLOURS[2] }] : []),
        ],
      },
      options: baseOptions({ scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'places' } } } }),
    },
    withheldShown: filled?.some(withheld),
    head: [capital(grainWord), 'Offertes', ...(filled ? ['Pourvues'] : [])],
    rows: cells.map((c) => ({ key: c.key, label: c.label, cells: [
      { measure: 'seatsOffered', text: integer.format(c.sessions.seatsOffered) },
      ...(people ? [{ measure: 'seatsFilled', text: shownCount(c.people.seatsFilled) }] : []),
    ] })),
  });

  if (!people) return figures;
  const statusData = STATUS_ORDER.map((status, i) => {
    const counts = cells.map((c) => c.people.byStatus[i].count);
    return { label: capital(REFERRAL_STATUSES[status]), data: counts.map(plotted), withheld: counts.map(withheld), backgroundColor: COLOURS[i], borderColor: COLOURS[i] };
  });
  figures.push({
    id: 'orientations',
    title: `Orientations par statut, par ${grainWord}`,
    summary: `Sur la période : orientations : ${shownCount(people.referrals)} ; personnes orientées : ${shownCount(people.participants)} ; chaque orientation selon son statut actuel.`,
    config: {
      type: 'bar',
      data: { labels, datasets: statusData },
      options: baseOptions({
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'orientations' } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 14 } }, tooltip: { callbacks: { label: tooltipLabel((v) => integer.format(v)) } } },
      }),
    },
    withheldShown: statusData.some((d) => d.withheld.some(Boolean)),
    head: [capital(grainWord), ...STATUS_ORDER.map((s) => capital(REFERRAL_STATUSES[s]))],
    rows: cells.map((c) => ({ key: c.key, label: c.label, cells: c.people.byStatus.map((s) => ({ measure: s.status, text: shownCount(s.count) })) })),
  });
  // The seats chart's tooltip too says "< 5" where it has a gap.
  figures[1].config.options.plugins.tooltip.callbacks.label = tooltipLabel((v) => integer.format(v));

  const rates = cells.map((c) => c.people.attendanceRate);
  figures.push({
    id: 'presence',
    title: `Taux de présence, par ${grainWord}`,
    summary: `Sur la période : taux de présence ${shownRate(people.attendanceRate)} (présents sur présents et absents).`,
    config: {
      type: 'line',
      data: {
        labels,
        datasets: [{
          label: 'Taux de présence',
          data: rates.map((r) => (r.value === null ? null : Math.round(r.value * 1000) / 10)),
          withheld: rates.map((r) => (r.display === 'hidden' ? 'masqué' : '')),
          borderColor: COLOURS[5],
          backgroundColor: COLOURS[5],
          spanGaps: false,
          pointRadius: 4,
          clip: false, // the points at 100 % are drawn whole
        }],
      },
      options: baseOptions({
        layout: { padding: { top: 8 } },
        scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v} %` }, title: { display: true, text: 'présents / (présents + absents)' } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `Taux de présence : ${shownRate(rates[item.dataIndex])}` } } },
      }),
    },
    withheldShown: rates.some((r) => r.display === 'hidden'),
    head: [capital(grainWord), 'Taux de présence'],
    rows: cells.map((c) => ({ key: c.key, label: c.label, cells: [{ measure: 'attendanceRate', text: shownRate(c.people.attendanceRate) }] })),
  });
  return figures;
}

function commitmentsFigure(commitments) {
  const axes = Object.keys(AXES);
  const byAxis = new Map(commitments.map((c) => [c.axis, c]));
  const of = (axis) => byAxis.get(axis) ?? { proposed: 0, signed: 0, fulfilled: 0 };
  const measures = [['proposed', 'Proposés'], ['signed', 'Signés'], ['fulfilled', 'Réalisés']];
  return {
    id: 'engagements',
    title: 'Engagements PAQTE par axe, sur la période',
    summary: `${axes.map((a) => `${AXES[a]} : ${plural(of(a).proposed, 'proposé', 'proposés')}, ${plural(of(a).signed, 'signé', 'signés')}, ${plural(of(a).fulfilled, 'réalisé', 'réalisés')}`).join(' ; ')}.`,
    config: {
      type: 'bar',
      data: {
        labels: axes.map((a) => AXES[a]),
        datasets: measures.map(([measure, label], i) => ({ label, data: axes.map((a) => of(a)[measure]), backgroundColor: COLOURS[[0, 2, 5][i]], borderColor: COLOURS[[0, 2, 5][i]] })),
      },
      options: baseOptions({ scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'engagements' } } } }),
    },
    head: ['Axe', ...measures.map(([, label]) => label)],
    rows: axes.map((a) => ({ key: a, label: AXES[a], cells: measures.map(([measure]) => ({ measure, text: integer.format(of(a)[measure]) })) })),
  };
}

function Indicators({ session }) {
  const [form, setForm] = useState(() => ({ ...defaultPeriod(), territory: '', grain: 'MONTH' }));
  const [asked, setAsked] = useState(form);
  const [departements, setDepartements] = useState([]);
  const set = (name) => (e) => setForm((f) => ({ ...f, [name]: e.currentTarget.value }));

  // The départements offered: those where the network has activity, named by the API (a wide window of 7 years).
  useEffect(() => {
    if (!session.viewer) return;
    const year = new Date().getUTCFullYear();
    gql(session.token, DEPARTEMENTS, { filter: { from: `${year - 5}-01-01`, to: `${year + 1}-12-31` } })
      .then((d) => setDepartements(d.indicators.rows.map((r) => r.keys[0]).filter((k) => k.value)))
      .catch(() => setDepartements([]));
  }, [session.viewer]);

  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    if (!session.viewer) return;
    const filter = { from: asked.from, to: asked.to };
    const [kind, code] = asked.territory.split(':');
    if (kind === 'r') filter.regionCodes = [code];
    if (kind === 'd') filter.departementCodes = [code];
    setState((s) => ({ ...s, loading: true }));
    gql(session.token, INDICATORS, { filter, groupBy: [asked.grain] })
      .then((d) => setState({ loading: false, data: { answer: d.indicators, asked } }))
      .catch((e) => setState({ loading: false, error: explain(e) }));
  }, [session.viewer, asked]);

  if (!session.viewer) return html`<${NeedsToken} />`;
  if (!window.Chart) return html`<p class="error" role="alert">La bibliothèque de graphiques n’a pas pu être chargée.</p>`;
  const submit = (event) => {
    event.preventDefault();
    setAsked({ ...form });
  };
  const territoryName = (value) => {
    const [kind, code] = value.split(':');
    if (kind === 'r') return REGIONS.find(([c]) => c === code)?.[1] ?? `région ${code}`;
    if (kind === 'd') return departements.find((d) => d.value === code)?.label ?? `département ${code}`;
    return 'tout le réseau';
  };
  return html`<form class="indicators-form" onSubmit=${submit}>
      <div class="field">
        <label for="ind-from">Du</label>
        <input id="ind-from" type="date" required value=${form.from} max=${form.to} onInput=${set('from')} />
      </div>
      <div class="field">
        <label for="ind-to">Au</label>
        <input id="ind-to" type="date" required value=${form.to} min=${form.from} onInput=${set('to')} />
      </div>
      <div class="field">
        <label for="ind-territory">Territoire</label>
        <select id="ind-territory" value=${form.territory} onChange=${set('territory')}>
          <option value="">Tout le réseau</option>
          <optgroup label="Régions">${REGIONS.map(([code, name]) => html`<option value=${`r:${code}`}>${name}</option>`)}</optgroup>
          ${departements.length > 0 &&
          html`<optgroup label="Départements">${departements.map((d) => html`<option value=${`d:${d.value}`}>${d.label} (${d.value})</option>`)}</optgroup>`}
        </select>
      </div>
      <div class="field">
        <label for="ind-grain">Regroupement</label>
        <select id="ind-grain" value=${form.grain} onChange=${set('grain')}>
          <option value="MONTH">Mensuel</option>
          <option value="QUARTER">Trimestriel</option>
        </select>
      </div>
      <button type="submit">Afficher</button>
    </form>
    <${Loading} state=${state}>${({ answer, asked: shown }) => html`<${IndicatorFigures} answer=${answer} shown=${shown} place=${territoryName(shown.territory)} />`}<//>`;
}

/** The summary and the figures of one answer, made once per answer (not at each keystroke in the form). */
function IndicatorFigures({ answer, shown, place }) {
  const figures = useMemo(() => {
    const list = charts(answer, periods(shown.from, shown.to, shown.grain), shown.grain === 'QUARTER' ? 'trimestre' : 'mois');
    if (answer.total.commitments) list.push(commitmentsFigure(answer.total.commitments));
    return list;
  }, [answer, shown]);
  return html`<p class="status-line" role="status" aria-live="polite">
      ${capital(place)}, du ${onDay(shown.from)} au ${onDay(shown.to)} : ${answer.total.sessions ? plural(answer.total.sessions.held, 'séance tenue', 'séances tenues') : ''}${
        answer.total.people ? ` ; orientations : ${shownCount(answer.total.people.referrals)} ; taux de présence : ${shownRate(answer.total.people.attendanceRate)}` : ''
      }. Chiffres lus le ${when(answer.computedAt)}.
    </p>
    ${!answer.total.people && html`<p class="hint">Les orientations et les personnes ne sont pas lisibles avec votre compte : seules les séances et les places offertes sont montrées.</p>`}
    ${!answer.total.commitments && html`<p class="hint">Les engagements PAQTE ne sont pas lisibles avec votre compte.</p>`}
    <div class="figures" data-shown=${`${shown.from}/${shown.to}/${shown.grain}/${shown.territory}`}>${figures.map((f) => html`<${Figure} key=${f.id} ...${f} />`)}</div>`;
}

// ---------------------------------------------------------------------------------------------------------------

const PAGES = {
  '': { title: 'Console Relais', Page: Home },
  seances: { title: 'Mes séances à venir', Page: Sessions },
  orientations: { title: 'Orientations à traiter', Page: Referrals },
  direct: { title: 'Offres en direct', Page: Live },
  compte: { title: 'Mon compte', Page: Account },
  indicateurs: { title: 'Indicateurs', Page: Indicators },
};

function App({ settings }) {
  const session = useSession(settings.demoTokens);
  const { title, Page } = PAGES[PAGE] ?? PAGES[''];
  return html`<${Layout} title=${title} session=${session}><${Page} session=${session} /><//>`;
}

const settings = await fetch('/console/settings.json').then((r) => r.json());
const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} settings=${settings} />`, root);
