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
    'gatewayConfig.deviceStillNamed':
      'Deze instellingen gaan niet naar de iLusmart: een regeling stuurt nog toestel {device}, dat niet meer bij dit adres hoort.',
    'devices.inUse.chargeTimers':
      'Deze batterij heeft nog laadtimers. Verwijder eerst de laadtimers, dan de batterij.',
    'devices.inUse.maintenance':
      'Deze batterij doet nu een onderhoudslading. Probeer het opnieuw als die klaar is.',
    'devices.inUse.peakShaving':
      'Peakshaving staat aan en gebruikt deze batterij. Zet peakshaving eerst uit, dan kan de batterij weg.',
    'devices.inUse.dynamicCharging':
      'Dynamisch laden staat aan en gebruikt deze batterij. Zet dynamisch laden eerst uit, dan kan de batterij weg.',
    'devices.inUse.loadBalancing':
      'Loadbalancing stuurt deze laadpaal. Schakel de module loadbalancing eerst uit, dan kan de laadpaal weg.',
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
    'gatewayConfig.deviceStillNamed':
      'Ces réglages ne partent pas vers l’iLusmart : une régulation pilote encore l’appareil {device}, qui ne fait plus partie de cette adresse.',
    'devices.inUse.chargeTimers':
      'Cette batterie a encore des minuteries de charge. Supprimez d’abord les minuteries, puis la batterie.',
    'devices.inUse.maintenance':
      'Cette batterie effectue une charge d’entretien. Réessayez quand elle sera terminée.',
    'devices.inUse.peakShaving':
      'L’écrêtage est activé et utilise cette batterie. Désactivez d’abord l’écrêtage, puis supprimez la batterie.',
    'devices.inUse.dynamicCharging':
      'La recharge dynamique est activée et utilise cette batterie. Désactivez-la d’abord, puis supprimez la batterie.',
    'devices.inUse.loadBalancing':
      'L’équilibrage pilote cette borne. Désactivez d’abord le module d’équilibrage, puis supprimez la borne.',
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
    'gatewayConfig.deviceStillNamed':
      'These settings cannot go to the iLusmart: a control still steers device {device}, which is no longer part of this address.',
    'devices.inUse.chargeTimers':
      'This battery still has charge timers. Remove the charge timers first, then the battery.',
    'devices.inUse.maintenance':
      'This battery is doing a maintenance charge. Try again when it has finished.',
    'devices.inUse.peakShaving':
      'Peak shaving is on and uses this battery. Switch peak shaving off first, then remove the battery.',
    'devices.inUse.dynamicCharging':
      'Dynamic charging is on and uses this battery. Switch dynamic charging off first, then remove the battery.',
    'devices.inUse.loadBalancing':
      'Load balancing steers this charger. Switch the load balancing module off first, then remove the charger.',
  },
});
