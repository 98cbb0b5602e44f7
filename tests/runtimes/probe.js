// The calls every runtime test makes against the emulator's seeded data.
// It takes the package's exports as an argument, so that each app imports
// them its own way (import map, bundler, worker, Node, manual start), and
// resolves to plain data that runtimes.test.mjs compares.
export async function probe({ Client, LegionEdgeError }, { baseUrl }) {
  const seen = [];
  const client = new Client({
    apiKey: "sk_test_abc123",
    baseUrl,
    onResponse: (event) => seen.push(event),
  });
  const failure = async (promise) => {
    try {
      await promise;
      return "resolved";
    } catch (error) {
      return {
        isLegionEdgeError: error instanceof LegionEdgeError,
        isError: error instanceof Error,
        kind: error.kind,
        status: error.status,
        code: error.code,
      };
    }
  };

  const page = await client.users.list({ organizationId: "org_abc123" });
  const jane = await client.users.get("user_abc123");
  const missing = await failure(client.users.get("user_missing"));
  const everyone = await client.users
    .listAll({ organizationId: "org_abc123" })
    .toArray({ limit: 100 });
  // The walk's own error comes from another module of the package: it must
  // still be the class the entry exports.
  const noLimit = await failure(
    client.users.listAll({ organizationId: "org_abc123" }).toArray(),
  );

  // `client.users` is one handle, shared by every reader: disposing it
  // (`using users = client.users`) or freeing it must leave it working for
  // the others.
  const plain = new Client({ apiKey: "sk_test_abc123", baseUrl });
  const saved = plain.users;
  plain.users.free();
  plain.users[Symbol.dispose]?.();
  const handles = [
    (await saved.get("user_abc123")).id,
    (await plain.users.get("user_abc123")).id,
    plain.users === saved,
  ];

  return {
    total: page.pagination.total,
    handles,
    firstPage: page.data.length,
    jane: { id: jane.id, name: jane.name, email: jane.email },
    missing,
    walked: new Set(everyone.map((user) => user.id)).size,
    noLimit,
    events: seen.map(
      (event) => `${event.method} ${event.path} ${event.status}`,
    ),
    keyInEvents: JSON.stringify(seen).includes("sk_test"),
  };
}
