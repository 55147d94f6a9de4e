/** A minimal GraphQL-over-HTTP client for the bench's setup and publish mutations (fetch, keep-alive by undici). */
export class GraphQLHttp {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
    if (!body || body.errors?.length || !body.data) {
      const detail = body?.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ') ?? `HTTP ${response.status}`;
      throw new Error(`GraphQL request failed: ${detail}\n${query.slice(0, 200)}`);
    }
    return body.data;
  }
}

/** ws://host:port/graphql → http://host:port/graphql (and wss → https). */
export function httpUrlOf(wsUrl: string): string {
  return wsUrl.replace(/^ws(s?):/, 'http$1:');
}
