// The README's module worker, in a page with no bundler: import maps do not
// reach workers, so the package is imported by its path.
// The package starts with a top-level await, and a module worker drops the
// messages that arrive before it has a listener: listen first, load after.
const loaded = import("/node_modules/legionedge/index.js").then(
  ({ Client, LegionEdgeError }) => ({
    client: new Client({
      apiKey: "sk_test_abc123",
      baseUrl: "http://127.0.0.1:8787",
    }),
    LegionEdgeError,
  }),
);

// Runs `client.users[call](...args)` for the page and posts the result back.
self.onmessage = async ({ data: { id, call, args } }) => {
  const { client, LegionEdgeError } = await loaded;
  try {
    self.postMessage({ id, result: await client.users[call](...args) });
  } catch (error) {
    // An error loses its fields on the way to the page: send toJSON().
    const reason =
      error instanceof LegionEdgeError ? error.toJSON() : String(error);
    self.postMessage({ id, error: reason });
  }
};
