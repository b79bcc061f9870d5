/** Try a context (needs the management API). */
export function TryContextPage(_props: { kind?: 'flags' | 'segments'; itemKey?: string }) {
  return (
    <section>
      <h1>Try a context</h1>
      <p class="notice">Not available yet.</p>
    </section>
  );
}
