import { App, Form } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { applyRuleError, applyServerErrors, validateWith } from './formErrors';
import { useErrorText } from './useShowError';

/**
 * The state every form in a modal needs: the antd form, a form-level error line, a reset to
 * `initial()` each time the modal opens (`openKey` becomes truthy or changes), and one way to
 * show a server error — on its fields when it names them, else above the form.
 */
export function useModalForm<V>(
  openKey: unknown,
  initial: () => Partial<V>,
  opts: { reset?: boolean; deps?: readonly unknown[] } = {},
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<V>();
  const [formError, setFormError] = useState<string | null>(null);
  const reset = opts.reset ?? true;

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run only when the modal opens or the caller's deps change.
  useEffect(() => {
    if (!openKey) return;
    setFormError(null);
    if (reset) form.resetFields();
    form.setFieldsValue(initial() as never);
  }, [openKey, form, reset, ...(opts.deps ?? [])]);

  /** Field errors (and, with `rules`, a rule conflict naming a field) go on the fields; else the error line. */
  const showServerError = (error: unknown, fields: readonly string[], rules = false) => {
    if (rules && applyRuleError(form, error, fields)) return;
    if (!applyServerErrors(form, error, fields)) setFormError(errorText(error));
  };

  /**
   * Checks the values with the contract's schema: errors of `fields` go under them, the others on
   * the error line (cleared first). Returns the parsed body, or null when something is wrong.
   */
  const check = <S extends z.ZodType>(schema: S, values: unknown, fields: readonly string[]): z.output<S> | null => {
    setFormError(null);
    const { data, rest } = validateWith(form, schema, values, fields);
    if (rest.length) setFormError(rest.join('；'));
    return data;
  };

  return { t, message, form, formError, setFormError, showServerError, errorText, check };
}
