import {
  api,
  type CreateUserBody,
  createUserBody,
  type Role,
  roleScopeNeeds,
  roles,
  type UpdateUserBody,
  type UserItem,
  updateUserBody,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Select } from 'antd';
import { routeKey } from '../../../api/queries';
import { ApiError, request } from '../../../api/request';
import { FormModal } from '../../../components/FormModal';
import { applyServerErrors, validateWith } from '../../../components/formErrors';
import { roleLabel } from '../../../components/labels';
import { useModalForm } from '../../../components/useModalForm';
import { ScopeSelect } from './ScopeSelect';

interface Values {
  username?: string;
  displayName?: string;
  roles?: Role[];
  orgId?: string | null;
  consortiumId?: string | null;
  phone?: string;
  email?: string;
  initialPassword?: string;
}

const fields = [
  'username',
  'displayName',
  'roles',
  'orgId',
  'consortiumId',
  'phone',
  'email',
  'initialPassword',
] as const;

/** Create a user (user === null) or edit roles, scope and contact details of one. */
export function UserFormModal({ open, user, onClose }: { open: boolean; user: UserItem | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { t, message, form, formError, setFormError, errorText } = useModalForm<Values>(
    open,
    () =>
      user
        ? {
            displayName: user.displayName,
            roles: user.roles,
            orgId: user.orgId,
            consortiumId: user.consortiumId,
            email: user.email ?? '',
            phone: '',
          }
        : {},
    { deps: [user] },
  );
  const editing = user !== null;
  const chosen = Form.useWatch('roles', form) ?? [];
  const needsOrg = chosen.some((r) => roleScopeNeeds[r] === 'org');
  const needsConsortium = chosen.some((r) => roleScopeNeeds[r] === 'consortium');

  const save = useMutation({
    mutationFn: (body: CreateUserBody | UpdateUserBody) =>
      user
        ? request(api.updateUser, { params: { id: user.id }, body: body as UpdateUserBody })
        : request(api.createUser, { body: body as CreateUserBody }),
    onSuccess: (saved) => {
      message.success(
        editing ? t('users.updated', { name: saved.displayName }) : t('users.created', { name: saved.username }),
      );
      void queryClient.invalidateQueries({ queryKey: routeKey(api.listUsers) });
      onClose();
    },
    onError: (error) => {
      if (applyServerErrors(form, error, fields)) return;
      if (error instanceof ApiError && error.code === 'CONFLICT' && !editing) {
        form.setFields([{ name: 'username', errors: [error.message] }]);
        return;
      }
      setFormError(errorText(error));
    },
  });

  const submit = () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as Values;
    const common = {
      displayName: v.displayName ?? '',
      roles: v.roles ?? [],
      orgId: needsOrg ? (v.orgId ?? null) : null,
      consortiumId: needsConsortium ? (v.consortiumId ?? null) : null,
      email: v.email?.trim() ? v.email.trim() : null,
    };
    const phone = v.phone?.trim() ? v.phone.trim() : undefined;
    const result = editing
      ? validateWith(form, updateUserBody, { ...common, ...(phone ? { phone } : {}) }, fields)
      : validateWith(
          form,
          createUserBody,
          {
            ...common,
            username: v.username ?? '',
            phone: phone ?? null,
            initialPassword: v.initialPassword ?? '',
          },
          fields,
        );
    if (result.rest.length > 0) setFormError(result.rest.join('；'));
    if (result.data) save.mutate(result.data);
  };

  return (
    <FormModal<Values>
      open={open}
      title={editing ? t('users.editTitle', { name: user.username }) : t('users.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      pending={save.isPending}
      submitTestId="uf-submit"
      width={600}
      testId="user-form-modal"
      form={form}
      formError={formError}
    >
      {!editing && (
        <Form.Item name="username" label={t('users.username')} required extra={t('users.usernameHint')}>
          <Input autoComplete="off" data-testid="uf-username" />
        </Form.Item>
      )}
      <Form.Item name="displayName" label={t('users.displayName')} required>
        <Input data-testid="uf-displayName" />
      </Form.Item>
      <Form.Item name="roles" label={t('users.roles')} required extra={t('users.rolesHint')}>
        <Select
          mode="multiple"
          options={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
          optionFilterProp="label"
          data-testid="uf-roles"
        />
      </Form.Item>
      {needsOrg && (
        <Form.Item name="orgId" label={t('users.org')} required>
          <ScopeSelect
            kind="org"
            roles={chosen}
            currentLabel={user?.orgName}
            placeholder={t('users.orgPlaceholder')}
            testId="uf-org"
          />
        </Form.Item>
      )}
      {needsConsortium && (
        <Form.Item name="consortiumId" label={t('users.consortium')} required>
          <ScopeSelect
            kind="consortium"
            roles={chosen}
            currentLabel={user?.consortiumName}
            placeholder={t('users.consortiumPlaceholder')}
            testId="uf-consortium"
          />
        </Form.Item>
      )}
      <Form.Item
        name="phone"
        label={t('users.phone')}
        extra={editing ? t('users.phoneKeep', { phone: user.phone ?? '—' }) : undefined}
      >
        <Input inputMode="tel" maxLength={11} data-testid="uf-phone" />
      </Form.Item>
      <Form.Item name="email" label={t('users.email')}>
        <Input inputMode="email" data-testid="uf-email" />
      </Form.Item>
      {!editing && (
        <Form.Item name="initialPassword" label={t('users.initialPassword')} required extra={t('password.rules')}>
          <Input.Password autoComplete="new-password" data-testid="uf-password" />
        </Form.Item>
      )}
    </FormModal>
  );
}
