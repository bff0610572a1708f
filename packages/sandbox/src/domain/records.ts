import type { components } from '@zestequity/partner-api-types';

export type Schemas = components['schemas'];

/** An SPV request is stored exactly as the API returns it. */
export type SpvRequestRecord = Schemas['SpvRequestResponse'];

/** A materialised SPV (vehicle), created when an SPV request is approved. */
export interface SpvRecord {
  spvSlug: string;
  clientId: string;
  spvRequestSlug: string;
  currency: string | undefined;
  shareClassSlugs: string[];
  createdAt: string;
}

export interface PersonRecord {
  zestPersonId: string;
  clientId: string;
  partnerInvestorId: string;
  email: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  countryOfResidence?: string;
  kycManagedBy: 'partner';
  createdAt: string;
}

export interface SubscriptionRecord {
  subscriptionSlug: string;
  clientId: string;
  spvSlug: string;
  personId: string;
  partnerSubscriptionId?: string;
  partnerInvestorId?: string;
  lumpSum: Schemas['Money'];
  shareClassSlug: string;
  status: 'pending' | 'completed';
  createdAt: string;
  form?: { fileId: string; sha256: string; uploadedAt: string };
  funding?: {
    fileId: string;
    sha256: string;
    uploadedAt: string;
    amount: string;
    currency: string;
    wireReference: string;
  };
  completedAt?: string;
}
