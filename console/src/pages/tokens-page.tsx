/** Tokens (needs the management API). */
export function TokensPage(_props: { kind?: 'flags' | 'segments'; itemKey?: string }) {
  return (
    <section>
      <h1>Tokens</h1>
      <p class="notice">Not available yet.</p>
    </section>
  );
}
