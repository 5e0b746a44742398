// Answers the HTTP layer writes itself (everything but GraphQL results): JSON with a length, one write.
import type { ServerResponse } from 'node:http';
import type { GraphQLFormattedError } from 'graphql';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The body of a request refused before Apollo: `{ errors: [{ message, extensions: { code } }] }`. */
export function errorBody(message: string, code: string): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { code } }] };
}

export function sendGraphQLError(res: ServerResponse, status: number, message: string, code = 'BAD_REQUEST'): void {
  sendJson(res, status, errorBody(message, code));
}
