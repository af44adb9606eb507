import { api, type ErrorBody, errorBody, type RouteDescriptor } from '@chanjiao/contracts';
import type { z } from 'zod';
import i18n from '../i18n';

/** An error answer from the server (`{code, message, details?, requestId}`) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(status: number, body: Pick<ErrorBody, 'code' | 'message'> & Partial<ErrorBody>) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
    this.requestId = body.requestId;
  }

  /** Field errors of a 400 VALIDATION answer, if the server sent them. */
  get fieldErrors(): { path: string; message: string }[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is { path: string; message: string } =>
        typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string',
    );
  }
}

export interface RequestInput<D extends RouteDescriptor> {
  params?: z.input<NonNullable<D['params']>>;
  query?: z.input<NonNullable<D['query']>>;
  body?: z.input<NonNullable<D['body']>>;
}

export type ResponseOf<D extends RouteDescriptor> = z.output<D['response']>;

let csrfToken: string | null = null;

/** The token from the last login or /api/auth/me answer; sent on every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type AuthListener = (error: ApiError) => void;
let authListener: AuthListener | null = null;

/**
 * Called on 401 (session gone), 403 PASSWORD_CHANGE_REQUIRED and 403 TOTP_ENROLLMENT_REQUIRED
 * from any call except public routes, so the app can drop the cached user or send the user to
 * the password or two-factor enrolment page.
 */
export function onAuthProblem(listener: AuthListener): void {
  authListener = listener;
}

function fillPath(path: string, params: unknown): string {
  const values = (params ?? {}) as Record<string, unknown>;
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined || v === null || v === '') throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(v));
  });
}

function serializeQuery(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) sp.append(k, String(item));
    else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** The URL of a route with its path params filled and its query serialized. */
export function urlOf<D extends RouteDescriptor>(descriptor: D, input: RequestInput<D> = {}): string {
  return fillPath(descriptor.path, input.params) + serializeQuery(input.query);
}

function headersFor(descriptor: RouteDescriptor, json: boolean): Headers {
  const headers = new Headers({ Accept: 'application/json', 'Accept-Language': i18n.language || 'zh-CN' });
  // A FormData body sets its own multipart Content-Type (with the boundary).
  if (json) headers.set('Content-Type', 'application/json');
  if (descriptor.method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  return headers;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let raw: unknown = null;
  try {
    raw = await res.json();
  } catch {
    // not JSON: fall through to a generic error
  }
  const parsed = errorBody.safeParse(raw);
  if (parsed.success) return new ApiError(res.status, parsed.data);
  return new ApiError(res.status, {
    code: res.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR',
    message: i18n.t('error.http', { status: res.status }),
  });
}

const credentialCodes = new Set(['INVALID_CREDENTIALS', 'TOTP_INVALID', 'TOTP_REQUIRED']);
const forcedCodes = new Set(['PASSWORD_CHANGE_REQUIRED', 'TOTP_ENROLLMENT_REQUIRED']);

function notify(descriptor: RouteDescriptor, error: ApiError): void {
  // Public routes answer 401 for bad credentials; /me's 401 just means "no session" (useMe handles it).
  if (descriptor.access === 'public' || descriptor === api.me) return;
  // A wrong current password or authenticator code (password and 2FA forms) is a 401 too, but
  // the session is fine.
  const sessionGone = error.status === 401 && !credentialCodes.has(error.code);
  if (sessionGone || forcedCodes.has(error.code)) authListener?.(error);
}

async function send<D extends RouteDescriptor>(
  descriptor: D,
  input: RequestInput<D>,
  form?: FormData,
): Promise<Response> {
  const json = form === undefined && input.body !== undefined;
  let res: Response;
  try {
    res = await fetch(urlOf(descriptor, input), {
      method: descriptor.method,
      credentials: 'same-origin',
      headers: headersFor(descriptor, json),
      body: form ?? (json ? JSON.stringify(input.body) : null),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: i18n.t('error.network') });
  }
  if (!res.ok) {
    const error = await errorFrom(res);
    notify(descriptor, error);
    throw error;
  }
  return res;
}

/** Calls one route of the contract; resolves to its typed response or throws ApiError. */
export async function request<D extends RouteDescriptor>(
  descriptor: D,
  input: RequestInput<D> = {},
): Promise<ResponseOf<D>> {
  return parseResponse(descriptor, await send(descriptor, input));
}

/**
 * Calls a multipart route (descriptor.multipart): the text fields of `body` first (the server
 * reads the fields that precede the file), then the file part named `file`.
 */
export async function upload<D extends RouteDescriptor>(
  descriptor: D,
  input: RequestInput<D> & { file: Blob; fileName: string },
): Promise<ResponseOf<D>> {
  const form = new FormData();
  for (const [k, v] of Object.entries((input.body ?? {}) as Record<string, unknown>)) {
    if (v === undefined || v === null || v === '') continue;
    form.append(k, String(v));
  }
  form.append('file', input.file, input.fileName);
  return parseResponse(descriptor, await send(descriptor, { params: input.params, query: input.query }, form));
}

async function parseResponse<D extends RouteDescriptor>(descriptor: D, res: Response): Promise<ResponseOf<D>> {
  const data: unknown = res.status === 204 ? null : await res.json();
  const parsed = descriptor.response.safeParse(data);
  if (!parsed.success) {
    // The server answered outside the contract; keep going with what it sent.
    console.warn(`response of ${descriptor.method} ${descriptor.path} does not match the contract`, parsed.error);
  }
  const out = (parsed.success ? parsed.data : data) as ResponseOf<D>;
  if (out && typeof out === 'object' && 'csrfToken' in out && typeof out.csrfToken === 'string') {
    setCsrfToken(out.csrfToken);
  }
  return out;
}

function fileNameFrom(res: Response, fallback: string): string {
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? fallback;
}

/** Fetches a download route (descriptor.download) and saves the file through the browser. */
export async function download<D extends RouteDescriptor>(
  descriptor: D,
  input: RequestInput<D>,
  fallbackName: string,
): Promise<void> {
  const res = await send(descriptor, input);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameFrom(res, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
