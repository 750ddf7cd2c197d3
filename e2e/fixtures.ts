// Per-test isolation for journeys that need an agent's own console. Signing in as a seeded demo agent
// would make the demo crowd's console for them go quiet for the rest of the run, and would leave that
// agent's conversations, bindings and status to whichever spec runs next. So each test that needs an
// agent gets agents of its own from the e2e server's test-only seeding API (TEST_SEED_API=1, see
// test/seed), and they leave the team when the test ends, pass or fail. Around every test that
// imports this file the demo roster is put back as the seed made it (status, on the team, a demo console
// each): customer journeys can rely on its ranking (Li Ming first) in any order.
import { test as base, expect } from '@playwright/test';

export type SeededAgent = { id: string; handle: string; email: string; password: string; name: string; nameZh: string };
export type SeedAgentOptions = {
  /** 0..100; default 99, above every demo agent, so the test's customer is shown this agent first */
  capability?: number;
  status?: 'online' | 'away' | 'offline';
  languages?: string[];
  skills?: string[];
};

type Fixtures = {
  /** Automatic: the demo roster as seeded, before and after the test (test/seed/demo-roster.ts). */
  demoRoster: void;
  /** Makes another agent for this test (no console open yet: they are offered once a console signs in). */
  seedAgent: (opts?: SeedAgentOptions) => Promise<SeededAgent>;
  /** This test's own agent, with the defaults above. */
  agent: SeededAgent;
};

export const test = base.extend<Fixtures>({
  demoRoster: [
    async ({ playwright, baseURL }, use) => {
      const api = await playwright.request.newContext({ baseURL });
      const post = () => api.post('/api/test/demo-roster/reset');
      const reset = async (when: string) => {
        // The reset is idempotent; a connection cut before any answer (CI once saw ECONNRESET here, on a
        // fresh connection, with the server alive for the rest of the run) is tried once more, loudly.
        // Any answer the server did give is checked as it is.
        const res = await post().catch(async (err: Error) => {
          if (!/ECONNRESET|socket hang up/.test(err.message)) throw err;
          console.warn(`demo roster reset ${when}: ${err.message.split('\n')[0]} — trying once more`);
          return post();
        });
        expect(res.status(), `demo roster reset ${when}: ${await res.text()}`).toBe(200);
        const body = (await res.json()) as { stillMissing: string[] };
        expect(body.stillMissing, `demo agents without a console ${when}`).toEqual([]);
      };
      await reset('before the test');
      await use();
      await reset('after the test');
      await api.dispose();
    },
    { auto: true },
  ],
  seedAgent: async ({ playwright, baseURL, demoRoster }, use) => {
    void demoRoster; // set up first, torn down last: the test's own agents have left before the reset
    const api = await playwright.request.newContext({ baseURL });
    const made: SeededAgent[] = [];
    await use(async (opts = {}) => {
      const res = await api.post('/api/test/agents', { data: opts });
      expect(res.status(), `seeding an agent: ${await res.text()}`).toBe(201);
      const agent = (await res.json()).agent as SeededAgent;
      made.push(agent);
      return agent;
    });
    // The agent leaves as a real one does: no longer offered, their open requests go to the demo crowd.
    for (const a of made) {
      const res = await api.delete(`/api/test/agents/${a.handle}`);
      expect(res.status(), `removing ${a.handle}: ${await res.text()}`).toBe(200);
    }
    await api.dispose();
  },
  agent: async ({ seedAgent }, use) => {
    await use(await seedAgent());
  },
});

export { expect };

