import { z } from 'zod';

/** A zod schema as the JSON Schema the OpenAPI document shows: the input a client sends. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
} as const;

/** A list's page: `after` a list response's `next` cursor, or `before` its `previous` one; neither for the first page. */
export const pageQuery = {
  type: 'object',
  properties: {
    after: { type: 'string', description: 'The next cursor of a list response: the page after it' },
    before: { type: 'string', description: 'The previous cursor of a list response: the page before it' },
  },
} as const;

export const errorResponse = {
  description: 'An error: { error: { code, message, fields } }',
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: {
          type: 'string',
          enum: ['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'rate_limited', 'internal'],
        },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
} as const;
