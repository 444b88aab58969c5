import { defineMessages } from '../define';

/** Talking to gateways: commands and their results, configurations, connectivity. */
export const gateway = defineMessages({
  nl: {
    'commands.unavailable':
      'Opdrachten naar toestellen zijn op dit moment niet beschikbaar. Probeer het later opnieuw.',
    'commands.noGateway': 'Op dit adres is geen iLusmart geïnstalleerd.',
    'commands.invalidArgs': 'De opdracht is niet geldig: {reason}',
    'commands.offline':
      'Je iLusmart is offline. De opdracht wacht nog even; komt het toestel niet terug, dan vervalt ze.',
    'commands.status.sent': 'Verstuurd, wacht op bevestiging',
    'commands.status.succeeded': 'Bevestigd door de iLusmart',
    'commands.status.failed': 'Mislukt',
    'commands.status.expired': 'Vervallen: de iLusmart antwoordde niet op tijd',
    'commands.badge.sent': 'Verstuurd',
    'commands.badge.succeeded': 'Gelukt',
    'commands.badge.failed': 'Mislukt',
    'commands.badge.expired': 'Vervallen',
    'config.status.pending': 'Nieuwe instellingen verstuurd, wacht op bevestiging',
    'config.status.applied': 'Instellingen toegepast',
    'config.status.refused': 'Instellingen geweigerd: {reason}',
  },
  fr: {
    'commands.unavailable':
      'Les commandes vers les appareils ne sont pas disponibles pour le moment. Réessayez plus tard.',
    'commands.noGateway': 'Aucun iLusmart n’est installé à cette adresse.',
    'commands.invalidArgs': 'La commande n’est pas valide : {reason}',
    'commands.offline':
      'Votre iLusmart est hors ligne. La commande attend encore un peu ; si l’appareil ne revient pas, elle expire.',
    'commands.status.sent': 'Envoyée, en attente de confirmation',
    'commands.status.succeeded': 'Confirmée par l’iLusmart',
    'commands.status.failed': 'Échouée',
    'commands.status.expired': 'Expirée : l’iLusmart n’a pas répondu à temps',
    'commands.badge.sent': 'Envoyée',
    'commands.badge.succeeded': 'Réussie',
    'commands.badge.failed': 'Échouée',
    'commands.badge.expired': 'Expirée',
    'config.status.pending': 'Nouveaux réglages envoyés, en attente de confirmation',
    'config.status.applied': 'Réglages appliqués',
    'config.status.refused': 'Réglages refusés : {reason}',
  },
  en: {
    'commands.unavailable': 'Commands to devices are not available right now. Try again later.',
    'commands.noGateway': 'There is no iLusmart installed at this address.',
    'commands.invalidArgs': 'The command is not valid: {reason}',
    'commands.offline':
      'Your iLusmart is offline. The command waits a little; if the device does not come back, it expires.',
    'commands.status.sent': 'Sent, waiting for confirmation',
    'commands.status.succeeded': 'Confirmed by the iLusmart',
    'commands.status.failed': 'Failed',
    'commands.status.expired': 'Expired: the iLusmart did not answer in time',
    'commands.badge.sent': 'Sent',
    'commands.badge.succeeded': 'Succeeded',
    'commands.badge.failed': 'Failed',
    'commands.badge.expired': 'Expired',
    'config.status.pending': 'New settings sent, waiting for confirmation',
    'config.status.applied': 'Settings applied',
    'config.status.refused': 'Settings refused: {reason}',
  },
});
