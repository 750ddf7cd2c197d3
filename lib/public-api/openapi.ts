import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import { API_SCOPES, type ApiScope } from '../credentials/api-tokens.ts';
import {
  agentsPageSchema,
  agentsQuerySchema,
  customersPageSchema,
  customersQuerySchema,
  errorSchema,
  reportOneSchema,
  reportsQuerySchema,
  requestOneSchema,
  requestsPageSchema,
  requestsQuerySchema,
} from './schemas.ts';

// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the routes parse with
// (zod-openapi). test/integration/openapi.test.ts checks it against the route files.

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

const errors = (scope: ApiScope) => ({
  400: json(errorSchema, 'a query parameter is wrong; `error.field` names it'),
  401: json(errorSchema, 'no API token, or an unknown or revoked one'),
  403: json(errorSchema, `the token lacks the scope ${scope}`),
  429: { ...json(errorSchema, 'this token made too many calls; wait `Retry-After` seconds'), headers: { 'Retry-After': { schema: { type: 'integer' as const } } } },
});

const read = (opts: { scope: ApiScope; summary: string; query?: z.ZodObject; path?: z.ZodObject; ok: z.ZodType; notFound?: boolean }): ZodOpenApiOperationObject => ({
  summary: opts.summary,
  description: `Needs the scope \`${opts.scope}\`.`,
  security: [{ apiToken: [opts.scope] }],
  requestParams: { ...(opts.query ? { query: opts.query } : {}), ...(opts.path ? { path: opts.path } : {}) },
  responses: {
    200: json(opts.ok, 'OK'),
    ...errors(opts.scope),
    ...(opts.notFound ? { 404: json(errorSchema, 'no such row') } : {}),
  },
});

export const buildOpenApiDocument = (serverUrl?: string) =>
  createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Exclusive customer service — read API',
      version: '1',
      description: `Read-only API for the shop's servers. Make a token on /admin/integrations (scopes: ${API_SCOPES.join(', ')}) and send it as \`Authorization: Bearer eat_…\`. Lists are in (createdAt, id) order; pass \`nextCursor\` as \`cursor\` until it is null.`,
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { apiToken: { type: 'http', scheme: 'bearer', description: 'an API token (eat_…)' } } },
    paths: {
      '/api/v1/requests': {
        get: read({ scope: 'requests:read', summary: 'Service requests with their threads', query: requestsQuerySchema, ok: requestsPageSchema }),
      },
      '/api/v1/requests/{id}': {
        get: read({ scope: 'requests:read', summary: 'One service request with its thread', path: z.object({ id: z.string() }), ok: requestOneSchema, notFound: true }),
      },
      '/api/v1/customers': {
        get: read({ scope: 'customers:read', summary: 'Customers with their exclusive agent', query: customersQuerySchema, ok: customersPageSchema }),
      },
      '/api/v1/agents': {
        get: read({ scope: 'agents:read', summary: 'Agents with their presence', query: agentsQuerySchema, ok: agentsPageSchema }),
      },
      '/api/v1/reports': {
        get: read({ scope: 'reports:read', summary: 'Report figures over a period (those of /admin/reports)', query: reportsQuerySchema, ok: reportOneSchema }),
      },
      '/api/v1/openapi.json': {
        get: { summary: 'This document', security: [], responses: { 200: { description: 'the OpenAPI 3.1 document', content: { 'application/json': {} } } } },
      },
    },
  });
