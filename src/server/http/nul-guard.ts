import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError } from '../shared/app-error';

const NUL = '\u0000';
const MESSAGE = 'must not contain the character U+0000';
const MAX_REPORTED = 10;

/**
 * The fields of a parsed request part (params, query string or JSON body) whose text or key
 * contains U+0000, named as the validation errors name them (`facts.0.value`).
 */
export function fieldsWithNul(value: unknown, prefix = ''): string[] {
  const found: string[] = [];
  // An explicit stack: a deeply nested body must not overflow the call stack.
  const stack: [unknown, string][] = [[value, prefix]];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const [item, path] = stack.pop() as [unknown, string];
    if (typeof item === 'string') {
      if (item.includes(NUL)) found.push(path || 'body');
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], join(path, String(i))]);
    } else if (item !== null && typeof item === 'object' && !Buffer.isBuffer(item)) {
      // Pushed last to first, so fields are reported in the order they were sent.
      for (const [key, child] of Object.entries(item).reverse()) {
        if (key.includes(NUL)) stack.push([NUL, join(path, key.replaceAll(NUL, '\\u0000'))]);
        else stack.push([child, join(path, key)]);
      }
    }
  }
  return found;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Rejects U+0000 anywhere in a request's path parameters, query string or JSON body with a 400
 * naming the field, before any route sees it. PostgreSQL cannot store or compare that character
 * in text, and no field of ours has a use for it; checking once here covers every route,
 * including those added later.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const fields = [
      ...fieldsWithNul(request.params),
      ...fieldsWithNul(request.query),
      ...fieldsWithNul(request.body),
    ];
    if (fields.length === 0) return;
    const errors: FieldError[] = fields.map((field) => ({ field, message: MESSAGE }));
    throw new AppError('validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  });
}
