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

export const pageQuery = {
  type: 'object',
  properties: { page: { type: 'integer', minimum: 1 } },
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
