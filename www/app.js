// The LegionEdge Users demo: a small admin page that uses nothing but the
// public surface of the `legionedge` package. No framework, no build step.

import { Client, LegionEdgeError } from "legionedge";

const STORAGE_KEY = "legionedge-demo.connection";
const SEARCH_DEBOUNCE_MS = 300;

const DEFAULT_CONNECTION = {
  baseUrl: window.location.origin,
  apiKey: "sk_test_abc123",
  organizationId: "org_abc123",
};

const KNOWN_ROLES = ["member", "admin", "owner"];

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

const ui = {
  bootStatus: document.getElementById("boot-status"),
  connectionForm: $("connection-form"),
  connectionError: $("connection-error"),
  toggleKey: $("connection-toggle-key"),
  filtersForm: $("filters-form"),
  search: $("search-input"),
  status: $("status-filter"),
  sort: $("sort-select"),
  order: $("order-select"),
  perPage: $("page-size-select"),
  refresh: $("refresh-button"),
  usersError: $("users-error"),
  usersNotice: $("users-notice"),
  usersSpinner: $("users-spinner"),
  tableWrap: $("users-table-wrap"),
  tbody: $("users-tbody"),
  pagerPrev: $("pager-prev"),
  pagerNext: $("pager-next"),
  pagerText: $("pager-text"),
  inviteForm: $("invite-form"),
  inviteError: $("invite-error"),
  inviteResult: $("invite-result"),
  editPanel: $("edit-panel"),
  editForm: $("edit-form"),
  editFacts: $("edit-facts"),
  editSpinner: $("edit-spinner"),
  editClose: $("edit-close"),
  editCurrentMetadata: $("edit-current-metadata"),
  editError: $("edit-error"),
  editResult: $("edit-result"),
  dialog: $("confirm-dialog"),
  dialogMessage: $("confirm-message"),
};

const state = {
  client: null,
  connection: loadConnection(),
  query: {
    search: "",
    status: "",
    sort: "created_at",
    order: "desc",
    perPage: 20,
    page: 1,
  },
  // Each list request takes a ticket; an answer whose ticket is no longer the
  // latest is dropped, so a slow old search never overwrites a newer one.
  listTicket: 0,
  editTicket: 0,
  users: new Map(),
  editing: null,
  editingUser: null,
  highlightId: null,
};

// ---------------------------------------------------------------------------
// Small helpers

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== false));
  return node;
}

const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function formatDate(iso) {
  if (!iso) return "never";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function initials(name, email) {
  const source = (name || email || "?").trim();
  const words = source.split(/[\s@._-]+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[1][0] : source[0];
  return (letters || "?").toUpperCase();
}

// A stable colour per user, so avatars are told apart at a glance. Avatar
// images are not loaded: they live on another host, and this page talks to
// the chosen base URL only.
function hueOf(text) {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return hash % 360;
}

// Nothing the page shows may contain the API key, whatever an error says.
function redact(text) {
  let out = String(text ?? "");
  const key = state.connection.apiKey;
  if (key && key.length >= 4) out = out.split(key).join("[redacted]");
  return out.replace(/\b(sk|pk)_(test|live)_[A-Za-z0-9]+/g, "[redacted]");
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// Runs `work` with the given buttons disabled and the given regions marked
// busy, and always gives them back, even when `work` throws.
async function withBusy({ buttons = [], regions = [] }, work) {
  const restore = buttons.map((button) => [button, button.disabled]);
  for (const button of buttons) {
    button.disabled = true;
    button.classList.add("is-busy");
    button.setAttribute("aria-busy", "true");
  }
  for (const region of regions) region.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    for (const [button, wasDisabled] of restore) {
      button.disabled = wasDisabled;
      button.classList.remove("is-busy");
      button.removeAttribute("aria-busy");
    }
    for (const region of regions) region.setAttribute("aria-busy", "false");
  }
}

// ---------------------------------------------------------------------------
// Errors and notices

function hideBox(box) {
  box.hidden = true;
  box.replaceChildren();
}

function clearInvalid(form) {
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
}

// What a person can do about the kinds of error that carry no API answer.
const ERROR_HINTS = {
  invalid_input: "Rejected by the SDK; no request was sent.",
  network:
    "The request did not reach the API. Check the base URL, that the server is running, and that it allows this page's origin (CORS).",
  timeout: "The API did not answer in time; try again.",
  decode:
    "The answer was not one the LegionEdge API sends. Does the base URL point at the API?",
};

// Shows an SDK error the way a person can act on it: what failed, the SDK's
// message, the facts a support engineer asks for, and the fields at fault.
function showError(box, title, error, form = null) {
  const isSdk = error instanceof LegionEdgeError;
  const facts = isSdk
    ? [
        ["kind", error.kind],
        ["status", error.status],
        ["code", error.code],
        ["request id", error.requestId],
      ].filter(([, value]) => value !== null && value !== undefined)
    : [];
  const details = isSdk && Array.isArray(error.details) ? error.details : [];
  const message = error instanceof Error ? error.message : String(error);

  box.replaceChildren(
    el("p", { class: "error-title" }, title),
    el(
      "p",
      { class: "error-message", "data-testid": "error-message" },
      redact(message),
    ),
  );
  if (facts.length > 0) {
    box.append(
      el(
        "dl",
        { class: "error-facts" },
        ...facts.map(([name, value]) =>
          el(
            "div",
            { "data-testid": `error-${name.replace(" ", "-")}` },
            el("dt", {}, name),
            el("dd", {}, redact(value)),
          ),
        ),
      ),
    );
  }
  const hint = isSdk ? ERROR_HINTS[error.kind] : null;
  if (hint) box.append(el("p", { class: "error-hint" }, hint));
  // List the fields at fault, except one the message already spells out.
  const listed = details.filter(
    (detail) => !message.includes(`${detail.field} ${detail.message}`),
  );
  if (listed.length > 0) {
    box.append(
      el(
        "ul",
        { class: "error-details", "data-testid": "error-details" },
        ...listed.map((detail) =>
          el(
            "li",
            {},
            el("code", {}, redact(detail.field)),
            " ",
            redact(detail.message),
          ),
        ),
      ),
    );
  }
  box.hidden = false;

  if (form) {
    for (const detail of details) {
      const input = form.elements.namedItem(detail.field);
      if (input instanceof Element) input.setAttribute("aria-invalid", "true");
    }
  }
  if (!isSdk) console.warn(error);
}

function showNotice(text) {
  ui.usersNotice.textContent = text;
  ui.usersNotice.hidden = false;
}

// ---------------------------------------------------------------------------
// Connection

function loadConnection() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
    if (stored && typeof stored === "object") {
      return { ...DEFAULT_CONNECTION, ...stored };
    }
  } catch {
    // A broken entry is ignored; the defaults below still work.
  }
  return { ...DEFAULT_CONNECTION };
}

function fillConnectionForm() {
  const { elements } = ui.connectionForm;
  elements.baseUrl.value = state.connection.baseUrl;
  elements.apiKey.value = state.connection.apiKey;
  elements.organizationId.value = state.connection.organizationId;
}

function connect() {
  hideBox(ui.connectionError);
  try {
    state.client = new Client({
      apiKey: state.connection.apiKey,
      baseUrl: state.connection.baseUrl,
    });
    return true;
  } catch (error) {
    state.client = null;
    showError(ui.connectionError, "Could not create the client", error);
    hideBox(ui.usersError);
    renderEmpty("Not connected. Check the connection settings above.");
    renderPager(null);
    return false;
  }
}

ui.connectionForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const { elements } = ui.connectionForm;
  state.connection = {
    baseUrl: elements.baseUrl.value.trim(),
    apiKey: elements.apiKey.value.trim(),
    organizationId: elements.organizationId.value.trim(),
  };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(state.connection));
  closeEditor();
  hideBox(ui.usersNotice);
  hideBox(ui.inviteResult);
  hideBox(ui.inviteError);
  state.query.page = 1;
  if (connect()) {
    await withBusy({ buttons: [$("connection-submit")] }, refreshUsers);
  }
});

ui.toggleKey.addEventListener("click", () => {
  const input = ui.connectionForm.elements.apiKey;
  const show = input.type === "password";
  input.type = show ? "text" : "password";
  ui.toggleKey.textContent = show ? "Hide" : "Show";
  ui.toggleKey.setAttribute("aria-pressed", String(show));
});

// ---------------------------------------------------------------------------
// The users table

function listParams() {
  const { search, status, sort, order, perPage, page } = state.query;
  const params = {
    organizationId: state.connection.organizationId,
    page,
    perPage,
    sort,
    order,
  };
  if (search) params.search = search;
  if (status) params.status = status;
  return params;
}

async function refreshUsers() {
  if (!state.client) return;
  const ticket = ++state.listTicket;
  ui.tableWrap.setAttribute("aria-busy", "true");
  ui.usersSpinner.hidden = false;
  ui.refresh.disabled = true;
  // No second page turn until this one lands; renderPager enables them again.
  ui.pagerPrev.disabled = true;
  ui.pagerNext.disabled = true;

  try {
    const result = await state.client.users.list(listParams());
    if (ticket !== state.listTicket) return;

    // A page past the end (after a delete, say) comes back empty with the
    // true page count: step back to the last page that has users.
    const { pagination } = result;
    if (
      result.data.length === 0 &&
      pagination.totalPages > 0 &&
      state.query.page > pagination.totalPages
    ) {
      state.query.page = pagination.totalPages;
      return refreshUsers();
    }

    hideBox(ui.usersError);
    renderUsers(result.data);
    renderPager(pagination);
  } catch (error) {
    if (ticket !== state.listTicket) return;
    showError(ui.usersError, "Could not load users", error);
    renderEmpty("No users to show.");
    renderPager(null);
  } finally {
    if (ticket === state.listTicket) {
      ui.tableWrap.setAttribute("aria-busy", "false");
      ui.usersSpinner.hidden = true;
      ui.refresh.disabled = false;
    }
  }
}

function renderEmpty(text) {
  state.users.clear();
  ui.tbody.replaceChildren(
    el(
      "tr",
      { class: "placeholder-row", "data-testid": "users-empty" },
      el("td", { colspan: "6" }, text),
    ),
  );
}

// Statuses are an open set: one this page does not know gets a plain badge.
function statusBadge(status, testId = null) {
  const known = ["active", "suspended", "pending"].includes(status);
  return el(
    "span",
    {
      class: `badge ${known ? `badge-${status}` : "badge-other"}`,
      "data-testid": testId,
    },
    status,
  );
}

function renderUsers(users) {
  state.users = new Map(users.map((user) => [user.id, user]));
  if (users.length === 0) {
    renderEmpty("No users match these filters.");
    return;
  }
  ui.tbody.replaceChildren(...users.map(userRow));
  // The new-user flash plays once, not on every later refresh.
  state.highlightId = null;
}

function userRow(user) {
  const suspended = user.status === "suspended";
  const row = el(
    "tr",
    {
      "data-testid": "user-row",
      "data-user-id": user.id,
      class: [
        user.id === state.editing ? "is-selected" : "",
        user.id === state.highlightId ? "is-new" : "",
      ]
        .join(" ")
        .trim(),
    },
    el(
      "td",
      {},
      el(
        "div",
        { class: "user-cell" },
        el(
          "span",
          {
            class: "avatar",
            "aria-hidden": "true",
            style: `--hue: ${hueOf(user.id)}`,
          },
          initials(user.name, user.email),
        ),
        el(
          "div",
          { class: "who" },
          el(
            "span",
            { class: "name", "data-testid": "user-name", title: user.name },
            user.name,
          ),
          el(
            "span",
            { class: "email", "data-testid": "user-email", title: user.email },
            user.email,
          ),
        ),
      ),
    ),
    el("td", { "data-testid": "user-role" }, user.role),
    el("td", {}, statusBadge(user.status, "user-status")),
    el(
      "td",
      { "data-testid": "user-verified" },
      user.emailVerified
        ? el("span", { class: "verified yes" }, "yes")
        : el("span", { class: "verified no" }, "no"),
    ),
    el(
      "td",
      {
        class: "cell-date",
        "data-testid": "user-last-login",
        title: user.lastLoginAt ?? "",
      },
      formatDate(user.lastLoginAt),
    ),
    el(
      "td",
      { class: "cell-actions" },
      el(
        "button",
        {
          type: "button",
          class: "button small ghost",
          "data-action": "edit",
          "data-testid": "edit-button",
          "aria-label": `Edit ${user.name}`,
        },
        "Edit",
      ),
      el(
        "button",
        {
          type: "button",
          class: "button small ghost",
          "data-action": "suspend",
          "data-testid": "suspend-button",
          "aria-label": `Suspend ${user.name}`,
          disabled: suspended,
          title: suspended ? "Already suspended" : null,
        },
        "Suspend",
      ),
      el(
        "button",
        {
          type: "button",
          class: "button small ghost danger-text",
          "data-action": "delete",
          "data-testid": "delete-button",
          "aria-label": `Delete ${user.name}`,
        },
        "Delete",
      ),
    ),
  );
  return row;
}

function renderPager(pagination) {
  if (!pagination) {
    ui.pagerText.textContent = "";
    ui.pagerPrev.disabled = true;
    ui.pagerNext.disabled = true;
    return;
  }
  // An empty result has totalPages 0; a person still reads it as one page.
  const totalPages = Math.max(pagination.totalPages, 1);
  ui.pagerText.textContent = `page ${pagination.page} of ${totalPages}, ${plural(pagination.total, "user")}`;
  ui.pagerPrev.disabled = pagination.page <= 1;
  ui.pagerNext.disabled = !pagination.hasMore;
}

ui.pagerPrev.addEventListener("click", () => {
  if (state.query.page > 1) {
    state.query.page -= 1;
    refreshUsers();
  }
});

ui.pagerNext.addEventListener("click", () => {
  state.query.page += 1;
  refreshUsers();
});

ui.refresh.addEventListener("click", () => refreshUsers());

function applyFilters() {
  state.query = {
    ...state.query,
    search: ui.search.value.trim(),
    status: ui.status.value,
    sort: ui.sort.value,
    order: ui.order.value,
    perPage: Number(ui.perPage.value),
    page: 1,
  };
  refreshUsers();
}

const applySearchSoon = debounce(() => {
  if (ui.search.value.trim() !== state.query.search) applyFilters();
}, SEARCH_DEBOUNCE_MS);

ui.search.addEventListener("input", applySearchSoon);
for (const select of [ui.status, ui.sort, ui.order, ui.perPage]) {
  select.addEventListener("change", applyFilters);
}
ui.filtersForm.addEventListener("submit", (event) => {
  event.preventDefault();
  applyFilters();
});

// Row buttons, by delegation: rows are rebuilt on every refresh.
ui.tbody.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const id = button.closest("tr").dataset.userId;
  const user = state.users.get(id);
  if (!user) return;
  if (button.dataset.action === "edit") openEditor(user.id);
  if (button.dataset.action === "suspend") suspendUser(user, button);
  if (button.dataset.action === "delete") deleteUser(user, button);
});

async function suspendUser(user, button) {
  hideBox(ui.usersError);
  const rowButtons = [...button.closest("tr").querySelectorAll("button")];
  try {
    await withBusy({ buttons: rowButtons }, () =>
      state.client.users.suspend(user.id),
    );
    showNotice(
      `Suspended ${user.name} <${user.email}>; their sessions and keys are revoked.`,
    );
    if (state.editing === user.id) openEditor(user.id);
    await refreshUsers();
  } catch (error) {
    showError(ui.usersError, `Could not suspend ${user.name}`, error);
  }
}

async function deleteUser(user, button) {
  hideBox(ui.usersError);
  if (!(await confirmDelete(user))) return;
  const rowButtons = [...button.closest("tr").querySelectorAll("button")];
  try {
    await withBusy({ buttons: rowButtons }, () =>
      state.client.users.delete(user.id),
    );
    showNotice(`Deleted ${user.name} <${user.email}>.`);
    if (state.editing === user.id) closeEditor();
    await refreshUsers();
  } catch (error) {
    showError(ui.usersError, `Could not delete ${user.name}`, error);
  }
}

function confirmDelete(user) {
  ui.dialogMessage.replaceChildren(
    el("strong", {}, user.name),
    ` <${user.email}> will be removed from the organization. This cannot be undone.`,
  );
  ui.dialog.returnValue = "";
  ui.dialog.showModal();
  return new Promise((resolve) => {
    ui.dialog.addEventListener(
      "close",
      () => resolve(ui.dialog.returnValue === "confirm"),
      { once: true },
    );
  });
}

// ---------------------------------------------------------------------------
// Invite

function parseTeams(text) {
  return text
    .split(",")
    .map((team) => team.trim())
    .filter(Boolean);
}

ui.inviteForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!state.client) return;
  const form = ui.inviteForm;
  const { elements } = form;
  hideBox(ui.inviteError);
  hideBox(ui.inviteResult);
  clearInvalid(form);

  const params = {
    organizationId: state.connection.organizationId,
    email: elements.email.value.trim(),
    role: elements.role.value,
    teams: parseTeams(elements.teams.value),
  };
  const name = elements.name.value.trim();
  if (name) params.name = name;

  try {
    const invitation = await withBusy(
      { buttons: [$("invite-submit")], regions: [form] },
      () => state.client.users.invite(params),
    );
    showInvitation(invitation);
    form.reset();
    state.highlightId = invitation.userId;
    await refreshUsers();
  } catch (error) {
    showError(ui.inviteError, "Could not send the invitation", error, form);
  }
});

function showInvitation(invitation) {
  ui.inviteResult.replaceChildren(
    el(
      "p",
      { class: "success-title" },
      `Invitation sent to ${invitation.email}`,
    ),
    el(
      "dl",
      { class: "facts compact" },
      el("dt", {}, "id"),
      el(
        "dd",
        { "data-testid": "invitation-id" },
        el("code", {}, invitation.id),
      ),
      el("dt", {}, "status"),
      el(
        "dd",
        { "data-testid": "invitation-status" },
        statusBadge(invitation.status),
      ),
      el("dt", {}, "role"),
      el("dd", {}, invitation.role),
      el("dt", {}, "teams"),
      el(
        "dd",
        {},
        invitation.teams.length ? invitation.teams.join(", ") : "none",
      ),
      el("dt", {}, "expires"),
      el("dd", {}, formatDate(invitation.expiresAt)),
    ),
  );
  ui.inviteResult.hidden = false;
}

// ---------------------------------------------------------------------------
// Edit

function closeEditor() {
  state.editTicket += 1;
  state.editing = null;
  ui.editPanel.hidden = true;
  for (const row of ui.tbody.querySelectorAll("tr.is-selected")) {
    row.classList.remove("is-selected");
  }
}

ui.editClose.addEventListener("click", closeEditor);

async function openEditor(userId) {
  const ticket = ++state.editTicket;
  state.editing = userId;
  for (const row of ui.tbody.querySelectorAll("tr[data-user-id]")) {
    row.classList.toggle("is-selected", row.dataset.userId === userId);
  }
  ui.editPanel.hidden = false;
  hideBox(ui.editError);
  hideBox(ui.editResult);
  clearInvalid(ui.editForm);
  ui.editSpinner.hidden = false;
  ui.editPanel.setAttribute("aria-busy", "true");
  const submit = $("edit-submit");
  submit.disabled = true;

  try {
    // Fetch the user afresh: the table row may be older than the server.
    const user = await state.client.users.get(userId);
    if (ticket !== state.editTicket) return;
    fillEditor(user, { resetChanges: true });
    ui.editForm.elements.name.focus();
  } catch (error) {
    if (ticket !== state.editTicket) return;
    showError(ui.editError, "Could not load the user", error);
  } finally {
    if (ticket === state.editTicket) {
      ui.editSpinner.hidden = true;
      ui.editPanel.setAttribute("aria-busy", "false");
      submit.disabled = false;
    }
  }
  ui.editPanel.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

function fillEditor(user, { resetChanges }) {
  state.editingUser = user;
  const { elements } = ui.editForm;
  elements.name.value = user.name;

  // Roles are an open set: keep a role this page does not know selectable.
  const role = elements.role;
  for (const option of [...role.options]) {
    if (!KNOWN_ROLES.includes(option.value)) option.remove();
  }
  if (!KNOWN_ROLES.includes(user.role)) {
    role.append(el("option", { value: user.role }, user.role));
  }
  role.value = user.role;

  ui.editFacts.replaceChildren(
    el("dt", {}, "id"),
    el("dd", { "data-testid": "edit-user-id" }, el("code", {}, user.id)),
    el("dt", {}, "email"),
    el("dd", { "data-testid": "edit-user-email" }, user.email),
    el("dt", {}, "status"),
    el("dd", {}, statusBadge(user.status)),
    el("dt", {}, "teams"),
    el("dd", {}, user.teams.length ? user.teams.join(", ") : "none"),
    el("dt", {}, "created"),
    el("dd", {}, formatDate(user.createdAt)),
    el("dt", {}, "updated"),
    el(
      "dd",
      { "data-testid": "edit-user-updated" },
      formatDate(user.updatedAt),
    ),
  );

  const metadata = user.metadata ?? {};
  ui.editCurrentMetadata.textContent =
    Object.keys(metadata).length === 0
      ? "{}"
      : JSON.stringify(metadata, null, 2);
  if (resetChanges) elements.metadata.value = "";
}

// Reads the metadata box: empty means "leave metadata alone".
function parseMetadataChanges(text) {
  if (text.trim() === "") return null;
  const value = JSON.parse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new SyntaxError(
      'Metadata changes must be a JSON object, like { "team": "ops" }.',
    );
  }
  return value;
}

ui.editForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const user = state.editingUser;
  if (!state.client || !user || state.editing !== user.id) return;
  const form = ui.editForm;
  const { elements } = form;
  hideBox(ui.editError);
  hideBox(ui.editResult);
  clearInvalid(form);

  // Send only what changed, so the request shows the API's partial update.
  const changes = {};
  if (elements.name.value.trim() !== user.name)
    changes.name = elements.name.value.trim();
  if (elements.role.value !== user.role) changes.role = elements.role.value;
  try {
    const metadata = parseMetadataChanges(elements.metadata.value);
    if (metadata && Object.keys(metadata).length > 0)
      changes.metadata = metadata;
  } catch (error) {
    elements.metadata.setAttribute("aria-invalid", "true");
    showError(ui.editError, "Metadata changes are not valid JSON", error);
    return;
  }
  if (Object.keys(changes).length === 0) {
    ui.editResult.replaceChildren(
      el("p", {}, "Nothing changed, so nothing was sent."),
    );
    ui.editResult.hidden = false;
    return;
  }

  const ticket = state.editTicket;
  try {
    const updated = await withBusy(
      { buttons: [$("edit-submit")], regions: [form] },
      () => state.client.users.update(user.id, changes),
    );
    if (ticket !== state.editTicket) return;
    fillEditor(updated, { resetChanges: true });
    ui.editResult.replaceChildren(
      el("p", {}, `Saved ${Object.keys(changes).join(", ")}.`),
    );
    ui.editResult.hidden = false;
    await refreshUsers();
  } catch (error) {
    if (ticket !== state.editTicket) return;
    showError(ui.editError, "Could not save the changes", error, form);
  }
});

// A field marked invalid is unmarked as soon as it is edited.
for (const form of [ui.inviteForm, ui.editForm]) {
  form.addEventListener("input", (event) => {
    event.target.removeAttribute?.("aria-invalid");
  });
}

// ---------------------------------------------------------------------------
// Start

fillConnectionForm();
ui.bootStatus.hidden = true;
document.body.dataset.ready = "true";
if (connect()) refreshUsers();
