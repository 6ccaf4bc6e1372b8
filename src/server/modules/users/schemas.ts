import { z } from 'zod';
import { ORGANISATION_KINDS } from '../../../shared/roles';
import { SALUTATIONS } from '../../../shared/salutation';
import { idSchema } from '../../shared/ids';
import { ROLES } from './person.table';

export const Role = z.enum(ROLES);
export const Locale = z.enum(['de', 'en']);
/** 'ms' (Frau) or 'mr' (Herr); null greets by full name. */
export const Salutation = z.enum(SALUTATIONS, { error: 'must be ms, mr or null' });

const TimeZone = z
  .string()
  .refine(
    (tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC',
    'must be an IANA time zone such as Europe/Berlin',
  );

export const Me = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  locale: Locale,
  timeZone: z.string(),
  roles: z.array(Role),
  organisation: z.object({
    id: z.string(),
    number: z.string(),
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
  }),
});
export type Me = z.infer<typeof Me>;

export const UpdateMeBody = z
  .object({
    name: z.string().trim().min(2).max(200),
    locale: Locale,
    timeZone: TimeZone,
  })
  .partial();
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

export const Person = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  salutation: Salutation.nullable(),
  locale: Locale,
  timeZone: z.string(),
  roles: z.array(Role),
  canLogIn: z.boolean(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const CreateUserBody = z.object({
  organisationId: z.uuid(),
  name: z.string().trim().min(2, 'must have at least 2 characters').max(200),
  email: z.email('must be an e-mail address').transform((v) => v.toLowerCase()),
  phone: z.string().trim().max(40).nullable().optional(),
  /** How mail greets the person; null or left out: by full name. */
  salutation: Salutation.nullable().optional(),
  locale: Locale.default('de'),
  timeZone: TimeZone.default('Europe/Berlin'),
  /** Empty for a contact who never logs in. */
  roles: z.array(Role).default([]),
  /** Without a password, a user with roles gets an invitation mail to choose one. */
  password: z.string().min(10, 'must have at least 10 characters').max(200).optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .object({
    name: z.string().trim().min(2).max(200),
    phone: z.string().trim().max(40).nullable(),
    salutation: Salutation.nullable(),
    locale: Locale,
    timeZone: TimeZone,
    roles: z.array(Role),
    active: z.boolean(),
  })
  .partial();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const ListPeopleQuery = z.object({
  organisationId: z.uuid().optional(),
  cursor: idSchema('a cursor returned by this list').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
