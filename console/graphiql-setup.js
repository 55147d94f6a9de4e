// GraphiQL served by the hub (src/server/console.ts): React, GraphiQL and graphql-ws are the packages' UMD files,
// loaded before this script. The token is kept in sessionStorage, shared with the French pages.
(async function () {
  'use strict';
  const TOKEN_KEY = 'relais.token';
  const h = React.createElement;
  const settings = await fetch('/console/settings.json').then((r) => r.json());
  const wsUrl = location.origin.replace(/^http/, 'ws') + '/graphql';

  /** A fetcher for one token: queries and mutations over HTTP, subscriptions over graphql-ws. */
  function fetcherFor(token) {
    // Without a token every request is refused (401): say so instead of asking the hub.
    if (!token) {
      const fetcher = async () => ({ errors: [{ message: 'Entrez un jeton (champ « Jeton » en haut) : chaque requête en demande un.', extensions: { code: 'UNAUTHENTICATED' } }] });
      return { fetcher, wsClient: { dispose: () => undefined } };
    }
    const wsClient = graphqlWs.createClient({
      url: wsUrl,
      connectionParams: () => (token ? { authorization: 'Bearer ' + token } : {}),
      lazy: true,
      retryAttempts: 0,
    });
    const base = GraphiQL.createFetcher({
      url: '/graphql',
      wsClient,
      enableIncrementalDelivery: false,
      // An Authorization header typed in GraphiQL's headers editor wins over the token field.
      fetch: (url, init) => {
        const headers = new Headers(init && init.headers);
        if (token && !headers.has('authorization')) headers.set('authorization', 'Bearer ' + token);
        return fetch(url, Object.assign({}, init, { headers }));
      },
    });
    // The toolkit picks graphql-ws for a subscription from the editor's parsed document and operation name, which
    // may lag behind text just put in the editor: the text sent decides instead (its only operation, if the name
    // given is not one of its own).
    const fetcher = (params, options) => {
      let documentAST = options && options.documentAST;
      let operationName = params.operationName;
      try {
        documentAST = GraphiQL.GraphQL.parse(params.query);
        const operations = documentAST.definitions.filter((d) => d.kind === 'OperationDefinition');
        if (operations.length === 1 && !operations.some((o) => o.name && o.name.value === operationName)) operationName = operations[0].name ? operations[0].name.value : undefined;
      } catch {
        // unparsable: the hub answers with the syntax error
      }
      return base(Object.assign({}, params, { operationName }), Object.assign({}, options, { documentAST }));
    };
    return { fetcher, wsClient };
  }

  /** The "Exemples" panel: each operation of schema/examples/*.graphql, put in the editor on a click. */
  const examplesPlugin = {
    title: 'Exemples',
    icon: () =>
      h('svg', { viewBox: '0 0 24 24', width: 20, height: 20, 'aria-hidden': 'true', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5 },
        h('path', { d: 'M5 3h11l3 3v15H5z M8 9h8 M8 13h8 M8 17h5' })),
    content: function Examples() {
      const [, setQuery] = GraphiQL.React.useOperationsEditorState();
      return h('div', { className: 'relais-examples' },
        h('div', { className: 'graphiql-doc-explorer-title' }, 'Exemples'),
        h('p', null, 'Les opérations de schema/examples, prêtes à lancer.'),
        h('ul', null, settings.examples.map((e) =>
          h('li', { key: e.name },
            h('button', { type: 'button', className: 'relais-example', 'data-example': e.name, onClick: () => setQuery(e.source) }, e.name)))));
    },
  };

  function TokenBar(props) {
    const [value, setValue] = React.useState(props.token);
    const submit = (event) => {
      event.preventDefault();
      props.onToken(value.trim());
    };
    return h('form', { className: 'relais-bar', onSubmit: submit, 'aria-label': 'Jeton d’accès' },
      h('a', { href: '/console/', className: 'relais-home' }, 'Relais'),
      h('label', { htmlFor: 'relais-token' }, 'Jeton'),
      h('input', { id: 'relais-token', name: 'token', type: 'password', autoComplete: 'off', spellCheck: false, placeholder: 'rls_…', value, onChange: (e) => setValue(e.target.value) }),
      settings.demoTokens.length > 0 &&
        h(React.Fragment, null,
          h('label', { htmlFor: 'relais-demo-token' }, 'Démo'),
          h('select', { id: 'relais-demo-token', value: '', onChange: (e) => { if (e.target.value) { setValue(e.target.value); props.onToken(e.target.value); } } },
            h('option', { value: '' }, 'jeton de démonstration…'),
            settings.demoTokens.map((t) => h('option', { key: t.secret, value: t.secret }, t.role + ' · ' + t.displayName)))),
      h('button', { type: 'submit' }, 'Utiliser'),
      h('span', { className: 'relais-status', role: 'status' }, props.token ? 'Jeton actif : ' + props.token.slice(0, 12) + '…' : 'Aucun jeton : chaque requête répondra UNAUTHENTICATED'));
  }

  /**
   * The schema as the hub prints it (GET /console/schema.graphql, with the token), or null where the hub gives none
   * (no token, introspection off): GraphiQL then runs operations without a schema, and does not introspect.
   */
  async function schemaFor(token) {
    if (!token) return null;
    const response = await fetch('/console/schema.graphql', { headers: { authorization: 'Bearer ' + token } });
    return response.ok ? GraphiQL.GraphQL.buildSchema(await response.text()) : null;
  }

  function App() {
    const [token, setToken] = React.useState(sessionStorage.getItem(TOKEN_KEY) || '');
    const [schema, setSchema] = React.useState({ token: null, schema: undefined });
    const current = React.useMemo(() => fetcherFor(token), [token]);
    React.useEffect(() => () => void current.wsClient.dispose(), [current]);
    React.useEffect(() => {
      let live = true;
      schemaFor(token)
        .catch(() => null)
        .then((loaded) => live && setSchema({ token, schema: loaded }));
      return () => {
        live = false;
      };
    }, [token]);
    const onToken = (next) => {
      if (next) sessionStorage.setItem(TOKEN_KEY, next);
      else sessionStorage.removeItem(TOKEN_KEY);
      setToken(next);
    };
    return h(React.Fragment, null,
      h(TokenBar, { token, onToken }),
      h('div', { className: 'relais-graphiql' },
        // A new token is a new fetcher and a new schema: GraphiQL starts again with them.
        schema.token === token
          ? h(GraphiQL, { key: token, fetcher: current.fetcher, schema: schema.schema, plugins: [examplesPlugin], defaultEditorToolsVisibility: true, shouldPersistHeaders: false })
          : h('p', { className: 'relais-loading' }, 'Chargement du schéma…')));
  }

  document.getElementById('graphiql').remove();
  ReactDOM.createRoot(document.getElementById('graphiql-bar')).render(h(App));
})();
