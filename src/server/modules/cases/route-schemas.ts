// Access lists, parameters and problem responses the case routes share.
import { z } from 'zod';
import { OPERATOR_ROLES, PARTNER_ROLES } from '../../../shared/roles';
import { ProblemResponse } from '../../http/problem-schema';
import { CaseRef } from './schemas';

export const OPERATOR = OPERATOR_ROLES;
export const NOT_CUSTOMER = [...OPERATOR_ROLES, ...PARTNER_ROLES];
export const errors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  404: ProblemResponse,
  409: ProblemResponse,
};
export const CaseParams = z.object({ id: CaseRef.describe('case id or number (CD-2026-000123)') });
export const Created = z.object({ id: z.string() });
