// The page side of the worker tests: sends the worker (./worker.js) three
// calls at once, before it has even loaded, and resolves to its answers to
// them, in order. Answers to other messages are left to other listeners.
export function callWorker(worker) {
  const calls = {
    list: ["list", [{ organizationId: "org_abc123" }]],
    jane: ["get", ["user_abc123"]],
    missing: ["get", ["user_missing"]],
  };
  const answered = new Promise((resolve) => {
    const answers = new Map();
    worker.addEventListener("message", ({ data }) => {
      if (!(data.id in calls)) return;
      answers.set(data.id, data);
      if (answers.size === Object.keys(calls).length) {
        resolve({ value: Object.keys(calls).map((id) => answers.get(id)) });
      }
    });
    worker.addEventListener("error", (event) =>
      resolve({ error: `worker: ${event.message}` }),
    );
  });
  for (const [id, [call, args]] of Object.entries(calls)) {
    worker.postMessage({ id, call, args });
  }
  return answered;
}
