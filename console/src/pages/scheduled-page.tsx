/** Scheduled changes (needs the management API). */
export function ScheduledPage(_props: { kind?: 'flags' | 'segments'; itemKey?: string }) {
  return (
    <section>
      <h1>Scheduled changes</h1>
      <p class="notice">Not available yet.</p>
    </section>
  );
}
