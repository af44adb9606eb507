import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { ApiError } from '../api/request';

type FieldErrors = Map<string, string[]>;

function add(map: FieldErrors, field: string, message: string) {
  const list = map.get(field) ?? [];
  if (!list.includes(message)) list.push(message);
  map.set(field, list);
}

function setErrors<T>(form: FormInstance<T>, map: FieldErrors, fields: readonly string[]) {
  form.setFields(
    fields.map((name) => ({ name: name as never, errors: map.get(name) ?? [] })) as Parameters<
      FormInstance<T>['setFields']
    >[0],
  );
}

/**
 * Validates form values with the contract's zod schema and shows each issue under its field.
 * Returns the parsed value, or null when there were errors (issues not tied to a shown field
 * are returned in `rest` so the caller can display them).
 */
export function validateWith<S extends z.ZodType, T>(
  form: FormInstance<T>,
  schema: S,
  values: unknown,
  fields: readonly string[],
): { data: z.output<S> | null; rest: string[] } {
  const result = schema.safeParse(values);
  const map: FieldErrors = new Map();
  const rest: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (fields.includes(field)) add(map, field, issue.message);
      else rest.push(issue.message);
    }
  }
  setErrors(form, map, fields);
  return { data: result.success ? result.data : null, rest };
}

/**
 * Puts the field errors of a 400 VALIDATION answer under the matching form fields.
 * Returns false when nothing could be placed (the caller then shows the message).
 */
export function applyServerErrors<T>(form: FormInstance<T>, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError)) return false;
  const map: FieldErrors = new Map();
  for (const { path, message } of error.fieldErrors) {
    const segments = path.split(/[.[\]/]/).filter(Boolean);
    const field = segments.find((s) => fields.includes(s));
    if (field) add(map, field, message);
  }
  if (map.size === 0) return false;
  setErrors(form, map, fields);
  return true;
}

/** Form `onValuesChange` handler: an edited field drops the error shown for its previous value. */
export function clearErrorsOnChange<T>(form: FormInstance<T>) {
  return (changed: object) =>
    form.setFields(
      Object.keys(changed).map((name) => ({ name: name as never, errors: [] })) as Parameters<
        FormInstance<T>['setFields']
      >[0],
    );
}

/**
 * A refused business rule (CONFLICT) that names a field in its details: shows the server's whole
 * message under that field, since it says why (「已有在任理事长（张明），请先结束其任期」).
 * Returns false when the error is something else.
 */
export function applyRuleError<T>(form: FormInstance<T>, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return false;
  const field = error.fieldErrors.map((d) => d.path.split(/[.[\]/]/)[0] ?? '').find((f) => fields.includes(f));
  if (!field) return false;
  const map: FieldErrors = new Map([[field, [error.message]]]);
  setErrors(form, map, [field]);
  return true;
}
