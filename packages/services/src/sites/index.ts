/** Sites (a home's address, grid and meter), their devices and the people who may see them. */
export { formatAddress } from './address';
export { DeviceService, deviceCreateInput, deviceRemoveInput, deviceUpdateInput } from './devices';
export { memberRemoveInput, SiteMemberService } from './members';
export { SiteService, siteCreateInput, siteIdInput, siteListInput, siteUpdateInput } from './sites';
