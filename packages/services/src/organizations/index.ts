/** Tenants: installer organizations, their users and roles, and the invitations to an organization or a site. */
export {
  acceptNewUserInput,
  InvitationService,
  invitationIdInput,
  orgInvitationInput,
  siteInvitationInput,
} from './invitations';
export {
  OrganizationService,
  organizationIdInput,
  organizationInput,
  organizationUpdateInput,
} from './organizations';
export { orgUsersInput, setRoleInput, setUserActiveInput, UserService } from './users';
