export { type Credentials, describeMode, investorRows, type Mode, type OnboardOutcome, onboard } from './onboard.js';
export { benchPartner } from './partner.js';
