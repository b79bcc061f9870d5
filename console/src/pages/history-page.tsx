/** History (needs the management API). */
export function HistoryPage(_props: { kind?: 'flags' | 'segments'; itemKey?: string }) {
  return (
    <section>
      <h1>History</h1>
      <p class="notice">Not available yet.</p>
    </section>
  );
}
