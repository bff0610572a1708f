export { onboard, investorRows, describeMode, type Mode, type OnboardOutcome, type Credentials } from './onboard.js';
export { benchPartner } from './partner.js';
