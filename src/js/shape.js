// Shape checks for what the API answers, run on the engine's own
// `JSON.parse` output: the cheapest place to decode. Each returns null when
// the value has the shape the contract promises (and src/models.rs decodes),
// or the path of the first field that does not. Unknown fields are fine;
// they are kept for the caller.

const isString = (v) => typeof v === "string";
const isNullableString = (v) =>
  v === null || v === undefined || typeof v === "string";
const isStrings = (v) =>
  v === undefined || (Array.isArray(v) && v.every(isString));
const isObject = (v) =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v) => Number.isInteger(v) && v >= 0;

function user(value, at) {
  if (!isObject(value)) return `${at} is not an object`;
  for (const key of [
    "id",
    "email",
    "name",
    "status",
    "createdAt",
    "updatedAt",
  ]) {
    if (!isString(value[key])) return `${at}.${key} is not a string`;
  }
  if (typeof value.emailVerified !== "boolean")
    return `${at}.emailVerified is not a boolean`;
  if (!isNullableString(value.avatarUrl))
    return `${at}.avatarUrl is not a string or null`;
  if (!isNullableString(value.lastLoginAt))
    return `${at}.lastLoginAt is not a string or null`;
  if (value.role !== undefined && !isString(value.role))
    return `${at}.role is not a string`;
  if (!isStrings(value.teams)) return `${at}.teams is not an array of strings`;
  if (value.metadata !== undefined && !isObject(value.metadata))
    return `${at}.metadata is not an object`;
  return null;
}

export function checkUser(value) {
  return user(value, "the user");
}

export function checkPage(value) {
  if (!isObject(value)) return "the page is not an object";
  if (!Array.isArray(value.data)) return "data is not an array";
  for (let i = 0; i < value.data.length; i += 1) {
    const problem = user(value.data[i], `data[${i}]`);
    if (problem !== null) return problem;
  }
  const p = value.pagination;
  if (!isObject(p)) return "pagination is not an object";
  for (const key of ["total", "page", "perPage", "totalPages"]) {
    if (!isCount(p[key])) return `pagination.${key} is not a whole number`;
  }
  if (typeof p.hasMore !== "boolean")
    return "pagination.hasMore is not a boolean";
  return null;
}

export function checkInvitation(value) {
  if (!isObject(value)) return "the invitation is not an object";
  for (const key of [
    "id",
    "userId",
    "organizationId",
    "email",
    "name",
    "role",
    "status",
    "createdAt",
    "expiresAt",
  ]) {
    if (!isString(value[key])) return `${key} is not a string`;
  }
  if (!isStrings(value.teams)) return "teams is not an array of strings";
  return null;
}
