// The error class every rejected LegionEdge call rejects with. It lives in
// JavaScript so that it is a real `Error` subclass: `instanceof` works, the
// stack is the caller's, and `cause` is the standard one.
export class LegionEdgeError extends Error {
  constructor(message, fields, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "LegionEdgeError";
    this.kind = fields.kind;
    this.status = fields.status;
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.details = fields.details;
    this.retryAfter = fields.retryAfter;
    this.rateLimit = fields.rateLimit;
    this.bodyPreview = fields.bodyPreview;
  }

  // `JSON.stringify(error)` shows what a person needs, and nothing secret:
  // no error field ever holds the API key.
  toJSON() {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      details: this.details,
      retryAfter: this.retryAfter,
      rateLimit: this.rateLimit,
      bodyPreview: this.bodyPreview,
    };
  }
}
