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
  /** `field`: the input field at fault, as `extensions.field` names it (`input.url`). */
  constructor(message, code, field) {
    super(message);
    this.code = code;
    this.field = field;
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
  if (error) throw new ApiError(error.message, error.extensions?.code, error.extensions?.field);
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
      <li><a href="/console/compte"><strong>Mon compte</strong><span>vos jetons d’accès et vos webhooks : créer, révoquer, tester, suivre les livraisons</span></a></li>
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
// (d) The account: its tokens (create, revoke) and its webhook endpoints (create, change, disable and enable, delete,
// rotate the secret, send a test, the delivery log), through the API's own mutations.

const TOKEN_FIELDS = 'id label prefix createdAt expiresAt lastUsedAt revokedAt';
const ENDPOINT_FIELDS = 'id url description events createdAt disabledAt disabledReason failingSince previousSecretExpiresAt';
const ACCOUNT = `query MonCompte {
  viewer { id displayName email role structure { name } company { name } tokens(first: 50) { ${TOKEN_FIELDS} } }
  webhookEndpoints { ${ENDPOINT_FIELDS} }
}`;
const CREATE_TOKEN = `mutation CreerJeton($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret token { ${TOKEN_FIELDS} } } }`;
const REVOKE_TOKEN = `mutation RevoquerJeton($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { token { ${TOKEN_FIELDS} } } }`;
const ENDPOINT_PAYLOAD = `secret endpoint { ${ENDPOINT_FIELDS} }`;
const CREATE_ENDPOINT = `mutation CreerWebhook($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { ${ENDPOINT_PAYLOAD} } }`;
const UPDATE_ENDPOINT = `mutation ModifierWebhook($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ${ENDPOINT_PAYLOAD} } }`;
const DISABLE_ENDPOINT = `mutation DesactiverWebhook($input: WebhookEndpointIdInput!) { disableWebhookEndpoint(input: $input) { ${ENDPOINT_PAYLOAD} } }`;
const ENABLE_ENDPOINT = `mutation ReactiverWebhook($input: WebhookEndpointIdInput!) { enableWebhookEndpoint(input: $input) { ${ENDPOINT_PAYLOAD} } }`;
const DELETE_ENDPOINT = `mutation SupprimerWebhook($input: WebhookEndpointIdInput!) { deleteWebhookEndpoint(input: $input) { endpoint { id } } }`;
const ROTATE_SECRET = `mutation ChangerSecret($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { ${ENDPOINT_PAYLOAD} } }`;
const SEND_TEST = `mutation TesterWebhook($input: WebhookEndpointIdInput!) { sendTestWebhook(input: $input) { delivery { id } } }`;
const DELIVERIES = `query Livraisons($endpointId: ID!) {
  webhookDeliveries(endpointId: $endpointId, first: 20) { id eventType status createdAt completedAt attempts { attempt startedAt statusCode durationMs succeeded error } }
}`;

const WEBHOOK_EVENTS = {
  SESSION_SLOT_PUBLISHED: 'Séances publiées ou rouvertes, avec des places',
  IMMERSION_OFFER_PUBLISHED: 'Offres d’immersion publiées',
  REFERRAL_UPDATED: 'Orientations qui changent d’état',
};
const EVENT_NAMES = { SESSION_SLOT_PUBLISHED: 'séances', IMMERSION_OFFER_PUBLISHED: 'immersions', REFERRAL_UPDATED: 'orientations', WEBHOOK_TEST: 'test' };
const DELIVERY_STATUSES = { PENDING: 'en cours', SUCCEEDED: 'réussie', DEAD: 'abandonnée' };
const DELIVERY_BADGES = { PENDING: 'pending', SUCCEEDED: 'accepted', DEAD: 'refused' };
const OVERLAPS = [['0', 'aucune : l’ancien secret cesse aussitôt'], ['1', '1 heure'], ['24', '24 heures (conseillé)'], ['168', '7 jours']];
const stamp = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The API's usual refusals of a field (its message after the field's path), in French; others as the API says them. */
const PROBLEMS = [
  [/^must be an https URL$/, 'L’adresse doit commencer par https://.'],
  [/^must be an http or https URL$/, 'L’adresse doit commencer par https:// (ou http://).'],
  [/^is not an absolute URL$/, 'Ce n’est pas une adresse complète (https://…).'],
  [/^(points|resolves) to a private, loopback or link-local address$/, 'Cette adresse est privée ou locale : le hub la refuse.'],
  [/^has a host \((.*)\) that does not resolve$/, 'L’hôte $1 est inconnu.'],
  [/^must not carry credentials$/, 'L’adresse ne doit contenir ni identifiant ni mot de passe.'],
  [/^must not have a fragment$/, 'L’adresse ne doit pas contenir de « # ».'],
  [/^must be a URL of at most (\d+) characters$/, 'L’adresse doit faire $1 caractères au plus.'],
  [/^would exceed the (\d+) webhook endpoints an account may keep$/, 'Un compte a $1 webhooks au plus : supprimez-en un d’abord.'],
  [/^must name at least one event kind$/, 'Cochez au moins un type d’événement.'],
  [/^must be at most (\d+): only network admins make longer-lived tokens$/, 'Au plus $1 jours : seule l’administration du réseau crée des jetons plus durables.'],
  [/^must be at least 1$/, 'Au moins 1 jour.'],
  [/^must be at most 3650$/, 'Au plus 3650 jours.'],
  [/^must be at most (\d+) characters$/, '$1 caractères au plus.'],
  [/^string must contain at most (\d+) character\(s\)$/, '$1 caractères au plus.'],
  [/^this account already holds (\d+) live tokens.*$/, 'Ce compte a déjà $1 jetons valides, le maximum : révoquez-en un d’abord.'],
];

/** What the API said of a field, as `{ text, lang }` (`lang` set where the text stays the API's English). */
function problemOf(error) {
  let text = error.message;
  if (error.field && text.startsWith(`${error.field} `)) text = text.slice(error.field.length + 1);
  const known = PROBLEMS.find(([pattern]) => pattern.test(text));
  return known ? { text: text.replace(known[0], known[1]) } : { text, lang: 'en' };
}

/** An idempotency key: crypto.getRandomValues works outside secure contexts too (randomUUID does not). */
const randomKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Moves the focus to the element of this id once the next render has put it in the page. */
function useFocusLater() {
  const [target, setTarget] = useState(null);
  useEffect(() => {
    if (!target) return;
    document.getElementById(target)?.focus();
    setTarget(null);
  }, [target]);
  return setTarget;
}

/**
 * The API's refusals of a form: beside the field that `extensions.field` names (`fields` maps `input.url` to the id
 * of its control, which gets the focus), or for the whole form (`generalId`).
 */
function useFormErrors(fields, generalId, focus) {
  const [errors, setErrors] = useState({});
  const [general, setGeneral] = useState(null);
  const clear = () => {
    setErrors({});
    setGeneral(null);
  };
  const show = (error) => {
    const control = error.field && fields[error.field];
    if (control) {
      setErrors({ [error.field]: problemOf(error) });
      setGeneral(null);
      focus(control);
    } else {
      setErrors({});
      setGeneral(error.code === 'BAD_USER_INPUT' || error.code === 'CONFLICT' ? problemOf(error) : { text: explain(error) });
      focus(generalId);
    }
  };
  /** Attributes of a control for its field: invalid, and described by its hint and its error. */
  const describe = (field, hintId) => {
    const errorId = errors[field] ? `${fields[field]}-error` : null;
    return { 'aria-invalid': errors[field] ? 'true' : undefined, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined };
  };
  return { errors, general, clear, show, describe };
}

const Problem = ({ problem }) => (problem.lang ? html`<span lang=${problem.lang}>${problem.text}</span>` : problem.text);
const FieldError = ({ id, problem }) => (problem ? html`<p class="field-error" id=${id}><${Problem} problem=${problem} /></p>` : null);
const FormError = ({ id, problem }) =>
  html`<p class="form-error" id=${id} tabindex="-1" role="alert">${problem && html`Le hub a refusé : <${Problem} problem=${problem} />`}</p>`;

/**
 * A secret shown once (a token's, a webhook's): a warning, the secret with a copy button, and the button that hides it.
 * The heading takes the focus when it appears.
 */
function SecretPanel({ id, title, label, secret, warning, onDone }) {
  const [copied, setCopied] = useState('');
  const input = useRef(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Secret copié dans le presse-papiers.');
    } catch {
      // No clipboard API (a page served over plain http to another machine): the selected text is copied instead.
      input.current.select();
      setCopied(document.execCommand('copy') ? 'Secret copié dans le presse-papiers.' : 'Copie impossible ici : le secret est sélectionné, copiez-le avec Ctrl+C.');
    }
  };
  return html`<section class="secret" aria-labelledby=${`${id}-title`} data-secret=${id}>
    <h3 id=${`${id}-title`} tabindex="-1">${title}</h3>
    <p class="warning"><strong>Copiez ce secret maintenant : il ne sera plus jamais affiché.</strong> ${warning}</p>
    <div class="field">
      <label for=${`${id}-value`}>${label}</label>
      <div class="secret-row">
        <input id=${`${id}-value`} ref=${input} readonly value=${secret} spellcheck=${false} autocomplete="off" onFocus=${(e) => e.currentTarget.select()} />
        <button type="button" onClick=${copy}>Copier</button>
      </div>
    </div>
    <p class="notice" role="status">${copied}</p>
    <button type="button" class="secondary" onClick=${onDone}>J’ai mis le secret à l’abri : le masquer</button>
  </section>`;
}

/** Buttons that stay focusable while their action runs (a disabled button would lose the focus): aria-disabled. */
const busyProps = (busy) => ({ 'aria-disabled': busy ? 'true' : undefined });

function Account({ session }) {
  const [data, setData] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const focus = useFocusLater();
  const refresh = useCallback(async () => setData(await gql(session.token, ACCOUNT)), [session.token]);
  useEffect(() => {
    if (!session.viewer) return;
    refresh().catch((e) => setLoadError(explain(e)));
  }, [session.viewer]);
  if (!session.viewer) return html`<${NeedsToken} />`;
  if (loadError) return html`<p class="error" role="alert">${loadError}</p>`;
  if (!data) return html`<p aria-busy="true">Chargement…</p>`;
  const { viewer, webhookEndpoints } = data;
  return html`<dl class="facts">
      <dt>Nom</dt><dd>${viewer.displayName}</dd>
      <dt>Adresse</dt><dd>${viewer.email}</dd>
      <dt>Rôle</dt><dd>${ROLES[viewer.role] ?? viewer.role}</dd>
      ${viewer.structure && html`<dt>Structure</dt><dd>${viewer.structure.name}</dd>`}
      ${viewer.company && html`<dt>Entreprise</dt><dd>${viewer.company.name}</dd>`}
    </dl>
    <${Tokens} session=${session} viewer=${viewer} refresh=${refresh} focus=${focus} />
    <${Webhooks} session=${session} endpoints=${webhookEndpoints} refresh=${refresh} focus=${focus} />`;
}

// Tokens

function Tokens({ session, viewer, refresh, focus }) {
  const [message, setMessage] = useState('');
  const [created, setCreated] = useState(null);
  const [confirming, setConfirming] = useState(null);
  const [busy, setBusy] = useState(null);
  const current = session.token.slice(0, 12);

  const revoke = async (t) => {
    if (busy) return;
    setBusy(t.id);
    try {
      await gql(session.token, REVOKE_TOKEN, { input: { tokenId: t.id } });
      setConfirming(null);
      if (t.prefix === current) {
        // The token of this very page: it no longer works, so the page logs out.
        session.onToken('');
        return;
      }
      await refresh();
      setMessage(`Jeton ${t.prefix}… révoqué : il ne donne plus accès au hub.`);
      focus(`token-${t.id}-title`);
    } catch (e) {
      setMessage(`Révocation refusée : ${explain(e)}`);
      focus(`token-${t.id}-revoke`);
    } finally {
      setBusy(null);
    }
  };

  return html`<section aria-labelledby="tokens-title">
    <h2 id="tokens-title" tabindex="-1">Jetons d’accès</h2>
    <p class="hint">Un jeton donne accès au hub avec les droits de votre compte (en-tête <code>Authorization: Bearer …</code>). Son secret n’est montré qu’à sa création ; ici, son début seulement.</p>
    <p class="notice" role="status" id="tokens-status">${message}</p>
    ${created &&
    html`<${SecretPanel} id="new-token" title=${`Nouveau jeton${created.token.label ? ` « ${created.token.label} »` : ''}`} label="Secret du nouveau jeton" secret=${created.secret}
      warning="Le hub n’en garde qu’une empreinte : perdu, il faudra créer un autre jeton (et révoquer celui-ci)."
      onDone=${() => {
        setCreated(null);
        focus(`token-${created.token.id}-title`);
      }} />`}
    <${NewTokenForm} session=${session} viewer=${viewer} focus=${focus} onCreated=${async (payload) => {
      await refresh();
      setCreated(payload);
      setMessage(`Jeton ${payload.token.prefix}… créé.`);
      focus('new-token-title');
    }} />
    <h3 class="list-title">Jetons du compte</h3>
    <ul class="list">
      ${viewer.tokens.map((t) => {
        const live = !t.revokedAt && !(t.expiresAt && Date.parse(t.expiresAt) <= Date.now());
        const mine = t.prefix === current;
        return html`<li class="card compact" key=${t.id} data-token=${t.id}>
          <h4 id=${`token-${t.id}-title`} tabindex="-1"><code>${t.prefix}…</code> ${t.label ?? ''} ${mine && html`<span class="badge">cette session</span>`}</h4>
          <p class="meta">créé le ${onDay(t.createdAt)} · ${
            t.revokedAt
              ? html`<span class="badge cancelled">révoqué le ${onDay(t.revokedAt)}</span>`
              : !live
                ? html`<span class="badge cancelled">expiré le ${onDay(t.expiresAt)}</span>`
                : t.expiresAt
                  ? `expire le ${onDay(t.expiresAt)}`
                  : 'sans expiration'
          } · ${t.lastUsedAt ? `dernier usage : ${when(t.lastUsedAt)}` : 'jamais utilisé'}</p>
          ${live &&
          (confirming === t.id
            ? html`<div class="confirm" role="group" aria-labelledby=${`token-${t.id}-question`}>
                <p id=${`token-${t.id}-question`}><strong>Révoquer ce jeton ?</strong> Les applications qui s’en servent seront refusées aussitôt ; c’est définitif.${
                  mine ? ' C’est le jeton de cette page : vous serez déconnecté·e.' : ''
                }</p>
                <div class="actions">
                  <button type="button" class="danger" ...${busyProps(busy === t.id)} onClick=${() => revoke(t)}>Confirmer la révocation</button>
                  <button type="button" class="secondary" id=${`token-${t.id}-cancel`} onClick=${() => {
                    setConfirming(null);
                    focus(`token-${t.id}-revoke`);
                  }}>Annuler</button>
                </div>
              </div>`
            : html`<div class="actions"><button type="button" class="secondary" id=${`token-${t.id}-revoke`} onClick=${() => {
                setConfirming(t.id);
                focus(`token-${t.id}-cancel`);
              }}>Révoquer…</button></div>`)}
        </li>`;
      })}
    </ul>
  </section>`;
}

const NEW_TOKEN_FIELDS = { 'input.label': 'token-label', 'input.expiresInDays': 'token-days' };

function NewTokenForm({ session, viewer, focus, onCreated }) {
  const [label, setLabel] = useState('');
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(NEW_TOKEN_FIELDS, 'token-form-error', focus);
  const submit = async (event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    form.clear();
    try {
      const input = { accountId: viewer.id, label: label.trim() || undefined, expiresInDays: days === '' ? undefined : Number(days) };
      const { createApiToken } = await gql(session.token, CREATE_TOKEN, { input });
      setLabel('');
      setDays('');
      await onCreated(createApiToken);
    } catch (e) {
      form.show(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card create" onSubmit=${submit} aria-labelledby="token-form-title">
    <h3 id="token-form-title">Créer un jeton</h3>
    <div class="form-grid">
      <div class="field">
        <label for="token-label">Nom du jeton (facultatif)</label>
        <input id="token-label" maxlength="100" value=${label} onInput=${(e) => setLabel(e.currentTarget.value)} ...${form.describe('input.label', 'token-label-hint')} />
        <p class="hint small" id="token-label-hint">Pour le reconnaître : « Logiciel RH », « Export mensuel »…</p>
        <${FieldError} id="token-label-error" problem=${form.errors['input.label']} />
      </div>
      <div class="field">
        <label for="token-days">Validité, en jours (facultatif)</label>
        <input id="token-days" type="number" inputmode="numeric" min="1" max="3650" step="1" value=${days} onInput=${(e) => setDays(e.currentTarget.value)}
          ...${form.describe('input.expiresInDays', 'token-days-hint')} />
        <p class="hint small" id="token-days-hint">Vide : la durée par défaut du hub (90 jours, sauf réglage) ; sans limite pour l’administration du réseau.</p>
        <${FieldError} id="token-days-error" problem=${form.errors['input.expiresInDays']} />
      </div>
    </div>
    <${FormError} id="token-form-error" problem=${form.general} />
    <div class="actions"><button type="submit" ...${busyProps(busy)}>Créer le jeton</button></div>
  </form>`;
}

// Webhook endpoints

function Webhooks({ session, endpoints, refresh, focus }) {
  const [message, setMessage] = useState('');
  const [created, setCreated] = useState(null);
  return html`<section aria-labelledby="webhooks-title">
    <h2 id="webhooks-title" tabindex="-1">Webhooks</h2>
    <p class="hint">Le hub envoie à l’adresse de votre application (POST, signé selon Standard Webhooks) les événements choisis que votre compte peut voir.</p>
    <p class="notice" role="status" id="webhooks-status">${message}</p>
    ${created &&
    html`<${SecretPanel} id="new-webhook" title="Nouveau webhook : son secret de signature" label="Secret de signature du webhook" secret=${created.secret}
      warning="Votre application s’en sert pour vérifier la signature de chaque envoi. Perdu, il se remplace par « Changer le secret »."
      onDone=${() => {
        setCreated(null);
        focus(`wh-${created.endpoint.id}-title`);
      }} />`}
    <${EndpointForm} session=${session} prefix="wh-new" focus=${focus} onSaved=${async (payload) => {
      await refresh();
      setCreated(payload.secret ? payload : null);
      setMessage(`Webhook créé : ${payload.endpoint.url}`);
      focus(payload.secret ? 'new-webhook-title' : `wh-${payload.endpoint.id}-title`);
    }} />
    <h3 class="list-title">Webhooks du compte</h3>
    ${endpoints.length === 0
      ? html`<p>Aucun webhook pour l’instant.</p>`
      : html`<ul class="list">
          ${endpoints.map((w) => html`<${EndpointCard} key=${w.id} session=${session} endpoint=${w} refresh=${refresh} focus=${focus}
            onDeleted=${(text) => {
              setMessage(text);
              focus('webhooks-title');
            }} />`)}
        </ul>`}
  </section>`;
}

const endpointFields = (prefix) => ({ 'input.url': `${prefix}-url`, 'input.events': `${prefix}-event-0`, 'input.description': `${prefix}-description` });

/** Creates an endpoint, or (with `endpoint`) changes one. */
function EndpointForm({ session, prefix, endpoint, focus, onSaved, onCancel }) {
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [events, setEvents] = useState(endpoint?.events ?? []);
  const [busy, setBusy] = useState(false);
  // One idempotency key per input: sent again unchanged (after a lost answer), it creates nothing more; a changed
  // input gets a new key (the same key with another input would be a CONFLICT).
  const key = useRef({ input: null, key: null });
  const fields = endpointFields(prefix);
  const form = useFormErrors(fields, `${prefix}-form-error`, focus);
  const toggle = (kind) => (e) => {
    const on = e.currentTarget.checked;
    setEvents((list) => (on ? Object.keys(WEBHOOK_EVENTS).filter((k) => k === kind || list.includes(k)) : list.filter((k) => k !== kind)));
  };
  const submit = async (event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    form.clear();
    try {
      const values = { url: url.trim(), events, description: description.trim() };
      const asText = JSON.stringify(values);
      if (key.current.input !== asText) key.current = { input: asText, key: randomKey() };
      const data = endpoint
        ? (await gql(session.token, UPDATE_ENDPOINT, { input: { endpointId: endpoint.id, ...values } })).updateWebhookEndpoint
        : (await gql(session.token, CREATE_ENDPOINT, { input: { ...values, idempotencyKey: key.current.key } })).createWebhookEndpoint;
      if (!endpoint) {
        setUrl('');
        setDescription('');
        setEvents([]);
        key.current = { input: null, key: null };
      }
      await onSaved(data);
    } catch (e) {
      form.show(e);
    } finally {
      setBusy(false);
    }
  };
  const eventsError = form.errors['input.events'];
  return html`<form class=${endpoint ? 'edit' : 'card create'} onSubmit=${submit} aria-labelledby=${endpoint ? undefined : `${prefix}-form-title`}
      aria-label=${endpoint ? `Modifier le webhook ${endpoint.url}` : undefined}>
    ${!endpoint && html`<h3 id=${`${prefix}-form-title`}>Créer un webhook</h3>`}
    <div class="field">
      <label for=${fields['input.url']}>Adresse de réception (URL)</label>
      <input id=${fields['input.url']} type="url" inputmode="url" required maxlength="2000" placeholder="https://exemple.fr/relais/webhooks" spellcheck=${false} autocomplete="off"
        value=${url} onInput=${(e) => setUrl(e.currentTarget.value)} ...${form.describe('input.url', `${prefix}-url-hint`)} />
      <p class="hint small" id=${`${prefix}-url-hint`}>En https ; le hub refuse les adresses privées ou locales, sauf réglage de sa part.</p>
      <${FieldError} id=${`${fields['input.url']}-error`} problem=${form.errors['input.url']} />
    </div>
    <fieldset class="events" aria-describedby=${eventsError ? `${fields['input.events']}-error` : undefined}>
      <legend>Événements envoyés</legend>
      ${Object.entries(WEBHOOK_EVENTS).map(
        ([kind, label], i) => html`<div class="check">
          <input id=${`${prefix}-event-${i}`} type="checkbox" value=${kind} checked=${events.includes(kind)} onChange=${toggle(kind)}
            aria-invalid=${eventsError ? 'true' : undefined} />
          <label for=${`${prefix}-event-${i}`}>${label}</label>
        </div>`,
      )}
      <${FieldError} id=${`${fields['input.events']}-error`} problem=${eventsError} />
    </fieldset>
    <div class="field">
      <label for=${fields['input.description']}>Note (facultative)</label>
      <input id=${fields['input.description']} maxlength="500" value=${description} onInput=${(e) => setDescription(e.currentTarget.value)}
        ...${form.describe('input.description', null)} />
      <${FieldError} id=${`${fields['input.description']}-error`} problem=${form.errors['input.description']} />
    </div>
    <${FormError} id=${`${prefix}-form-error`} problem=${form.general} />
    <div class="actions">
      <button type="submit" ...${busyProps(busy)}>${endpoint ? 'Enregistrer' : 'Créer le webhook'}</button>
      ${onCancel && html`<button type="button" class="secondary" onClick=${onCancel}>Annuler</button>`}
    </div>
  </form>`;
}

function EndpointCard({ session, endpoint: w, refresh, focus, onDeleted }) {
  const [mode, setMode] = useState(null); // null, 'edit', 'rotate', 'delete'
  const [message, setMessage] = useState('');
  const [secret, setSecret] = useState(null);
  const [busy, setBusy] = useState(null);
  const [overlap, setOverlap] = useState('24');
  const [deliveriesOpen, setDeliveriesOpen] = useState(false);
  const [asked, setAsked] = useState(0);
  const id = `wh-${w.id}`;
  const state = w.disabledAt
    ? html`<span class="badge cancelled">${w.disabledReason === 'FAILING' ? 'désactivé : en échec trop longtemps' : 'désactivé'}</span>`
    : w.failingSince
      ? html`<span class="badge refused">en échec depuis le ${onDay(w.failingSince)}</span>`
      : html`<span class="badge accepted">actif</span>`;

  /** Runs a mutation of this endpoint; `then` says what happened and where the focus goes. */
  const act = async (name, document, input, then) => {
    if (busy) return;
    setBusy(name);
    setMessage('');
    try {
      const data = Object.values(await gql(session.token, document, { input: { endpointId: w.id, ...input } }))[0];
      await then(data);
    } catch (e) {
      setMessage(`Refusé : ${explain(e)}`);
      focus(`${id}-status`);
    } finally {
      setBusy(null);
    }
  };
  const open = (next, target) => {
    setMode(next);
    focus(target);
  };
  const close = () => open(null, `${id}-actions-first`);

  return html`<li class="card" data-endpoint=${w.id} aria-labelledby=${`${id}-title`}>
    <h4 id=${`${id}-title`} tabindex="-1"><code>${w.url}</code></h4>
    ${w.description && html`<p>${w.description}</p>`}
    <p class="meta">${state} · créé le ${onDay(w.createdAt)} · ${w.events.map((k) => EVENT_NAMES[k] ?? k).join(', ')}</p>
    ${w.previousSecretExpiresAt && Date.parse(w.previousSecretExpiresAt) > Date.now() &&
    html`<p class="meta">L’ancien secret signe aussi jusqu’au ${when(w.previousSecretExpiresAt)}.</p>`}
    <p class="notice" role="status" id=${`${id}-status`} tabindex="-1">${message}</p>
    ${secret &&
    html`<${SecretPanel} id=${`${id}-secret`} title="Secret de signature changé" label="Nouveau secret de signature" secret=${secret}
      warning="Mettez-le dans votre application avant la fin de la période où l’ancien signe aussi."
      onDone=${() => {
        setSecret(null);
        focus(`${id}-title`);
      }} />`}
    ${mode === 'edit'
      ? html`<${EndpointForm} session=${session} prefix=${id} endpoint=${w} focus=${focus} onCancel=${close} onSaved=${async () => {
          await refresh();
          setMode(null);
          setMessage('Modifications enregistrées.');
          focus(`${id}-title`);
        }} />`
      : mode === 'delete'
        ? html`<div class="confirm" role="group" aria-labelledby=${`${id}-question`}>
            <p id=${`${id}-question`}><strong>Supprimer ce webhook ?</strong> Plus rien n’y sera envoyé, et son journal des livraisons est effacé.</p>
            <div class="actions">
              <button type="button" class="danger" ...${busyProps(busy === 'delete')} onClick=${() =>
                act('delete', DELETE_ENDPOINT, {}, async () => {
                  await refresh();
                  onDeleted(`Webhook supprimé : ${w.url}`);
                })}>Confirmer la suppression</button>
              <button type="button" class="secondary" id=${`${id}-cancel`} onClick=${close}>Annuler</button>
            </div>
          </div>`
        : mode === 'rotate'
          ? html`<form class="confirm" aria-labelledby=${`${id}-rotate-title`} onSubmit=${(e) => {
              e.preventDefault();
              act('rotate', ROTATE_SECRET, { overlapHours: Number(overlap) }, async (data) => {
                await refresh();
                setMode(null);
                setSecret(data.secret);
                setMessage('Nouveau secret créé.');
                focus(`${id}-secret-title`);
              });
            }}>
              <p id=${`${id}-rotate-title`}><strong>Changer le secret de signature</strong></p>
              <div class="field">
                <label for=${`${id}-overlap`}>L’ancien secret signe aussi pendant</label>
                <select id=${`${id}-overlap`} value=${overlap} onChange=${(e) => setOverlap(e.currentTarget.value)}>
                  ${OVERLAPS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
                </select>
              </div>
              <div class="actions">
                <button type="submit" ...${busyProps(busy === 'rotate')}>Créer le nouveau secret</button>
                <button type="button" class="secondary" onClick=${close}>Annuler</button>
              </div>
            </form>`
          : html`<div class="actions">
              <button type="button" id=${`${id}-actions-first`} ...${busyProps(busy === 'test')} onClick=${() =>
                act('test', SEND_TEST, {}, async () => {
                  setDeliveriesOpen(true);
                  setAsked((n) => n + 1);
                  setMessage(w.disabledAt ? 'Test mis en file : il partira quand le webhook sera réactivé.' : 'Test mis en file : suivez-le dans les livraisons ci-dessous.');
                  focus(`${id}-actions-first`);
                })}>Envoyer un test</button>
              <button type="button" class="secondary" id=${`${id}-toggle`} ...${busyProps(busy === 'toggle')} onClick=${() =>
                act('toggle', w.disabledAt ? ENABLE_ENDPOINT : DISABLE_ENDPOINT, {}, async () => {
                  await refresh();
                  setMessage(w.disabledAt ? 'Webhook réactivé : ce qui attendait part maintenant, dans l’ordre.' : 'Webhook désactivé : les événements attendent sa réactivation.');
                  focus(`${id}-toggle`);
                })}>${w.disabledAt ? 'Réactiver' : 'Désactiver'}</button>
              <button type="button" class="secondary" onClick=${() => open('edit', `${id}-url`)}>Modifier</button>
              <button type="button" class="secondary" onClick=${() => open('rotate', `${id}-overlap`)}>Changer le secret…</button>
              <button type="button" class="secondary" onClick=${() => open('delete', `${id}-cancel`)}>Supprimer…</button>
            </div>`}
    <details open=${deliveriesOpen} onToggle=${(e) => setDeliveriesOpen(e.currentTarget.open)}>
      <summary>Livraisons</summary>
      ${deliveriesOpen && html`<${Deliveries} session=${session} endpointId=${w.id} asked=${asked} />`}
    </details>
  </li>`;
}

/** How long the delivery log is read again while a delivery is in flight, after it opens or a test is sent. */
const FOLLOW_MS = 30_000;

/** The delivery log of an endpoint, newest first, read again each second while a delivery is in flight. */
function Deliveries({ session, endpointId, asked }) {
  const [state, setState] = useState({ loading: true });
  const [reads, setReads] = useState(0);
  const until = useRef(0);
  useEffect(() => {
    until.current = Date.now() + FOLLOW_MS;
  }, [asked]);
  useEffect(() => {
    let stopped = false;
    let timer;
    gql(session.token, DELIVERIES, { endpointId })
      .then(({ webhookDeliveries }) => {
        if (stopped) return;
        setState({ data: webhookDeliveries });
        if (webhookDeliveries.some((d) => d.status === 'PENDING') && Date.now() < until.current) timer = setTimeout(() => setReads((n) => n + 1), 1000);
      })
      .catch((e) => !stopped && setState({ error: explain(e) }));
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [endpointId, asked, reads]);
  if (state.error) return html`<p class="error" role="alert">${state.error}</p>`;
  if (!state.data) return html`<p aria-busy="true">Chargement…</p>`;
  const rows = state.data;
  return html`<div class="deliveries">
    ${rows.length === 0
      ? html`<p class="hint">Aucune livraison pour l’instant.</p>`
      : html`<div class="table-wrap">
          <table class="data stack">
            <caption class="sr-only">Dernières livraisons, les plus récentes d’abord</caption>
            <thead><tr><th scope="col">Heure</th><th scope="col">Événement</th><th scope="col">Statut</th><th scope="col" class="num">Code</th><th scope="col" class="num">Durée</th><th scope="col" class="num">Essais</th></tr></thead>
            <tbody>
              ${rows.map((d) => {
                const last = d.attempts[d.attempts.length - 1];
                // data-label: the column's name, shown before each cell where a phone stacks the rows (console.css).
                return html`<tr data-delivery=${d.id} data-status=${d.status}>
                  <td data-label="Heure"><time datetime=${d.createdAt}>${stamp.format(new Date(d.createdAt))}</time></td>
                  <td data-label="Événement">${EVENT_NAMES[d.eventType] ?? d.eventType}</td>
                  <td data-label="Statut"><span class=${`badge ${DELIVERY_BADGES[d.status] ?? ''}`}>${DELIVERY_STATUSES[d.status] ?? d.status}</span></td>
                  <td class="num" data-label="Code">${last?.statusCode ?? (last?.error ? 'aucune réponse' : '—')}</td>
                  <td class="num" data-label="Durée">${last?.durationMs != null ? `${integer.format(last.durationMs)} ms` : '—'}</td>
                  <td class="num" data-label="Essais">${d.attempts.length}</td>
                </tr>`;
              })}
            </tbody>
          </table>
        </div>`}
    <p class="actions"><button type="button" class="link" onClick=${() => {
      until.current = Date.now() + FOLLOW_MS;
      setReads((n) => n + 1);
    }}>Actualiser les livraisons</button></p>
  </div>`;
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
