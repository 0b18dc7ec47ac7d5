import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import * as dtos from './dtos';

const committed = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, { properties?: Record<string, { type?: unknown }> }> };
};

describe('the committed OpenAPI document', () => {
  it('types every nullable top-level DTO field as nullable, never as an array', () => {
    const wrong: string[] = [];
    for (const [name, dto] of Object.entries(dtos)) {
      const schema = (dto as { schema?: unknown }).schema;
      if (!(schema instanceof z.ZodObject)) continue;
      for (const [key, property] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
        if (!(property instanceof z.ZodNullable) || property.unwrap() instanceof z.ZodArray) continue;
        const documented = committed.components.schemas[name]?.properties?.[key];
        if (documented?.type === 'array') wrong.push(`${name}.${key}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
