import { defineMessages } from '../define';

/**
 * What support does about each device fault code (docs/devices.md "Error codes"; the gateway's table is
 * `gateway-firmware/src/devices/status/error-codes.ts`): keyed `fault.action.<code>`, `fault.action.unknown` for the rest.
 */
export const faults = defineMessages({
  nl: {
    'fault.action.title': 'Wat te doen',
    'fault.action.101':
      'Laat de batterij afkoelen: controleer de ventilatie van de ruimte en of de batterij niet in de zon staat. Blijft de fout, plan een technieker in.',
    'fault.action.102':
      'De ruimte is te koud (onder 0 °C): de batterij laadt niet tot ze opwarmt. Raad de klant aan de ruimte vorstvrij te houden.',
    'fault.action.103':
      'Controleer de laadinstellingen van de omvormer (maximale laadspanning). Herstart de batterij; blijft de fout, plan een technieker in.',
    'fault.action.104':
      'De batterij is te diep ontladen. Laat ze laden op het net of de zon; blijft de fout na een dag, plan een technieker in.',
    'fault.action.105':
      'Controleer de communicatiekabel tussen batterij en omvormer (CAN/RS485) en herstart beide. Lees de registers na om te zien of de BMS antwoordt.',
    'fault.action.106':
      'Isolatiefout: laat de batterij uitgeschakeld en plan dringend een technieker in (gevaar voor elektrische schok).',
    'fault.action.107':
      'Herstart de batterijomvormer. Komt de fout terug, plan een technieker in voor vervanging.',
    'fault.action.108': 'Contactor of relais defect: plan een technieker in; de batterij blijft uit tot dan.',
    'fault.action.201':
      'Aardlek: vraag de klant de laadkabel en het voertuig te controleren en de aardlekschakelaar te resetten. Komt de fout terug zonder voertuig, plan een technieker in.',
    'fault.action.202':
      'Vraag de klant de kabel aan beide kanten opnieuw in te pluggen. Komt de fout terug met meerdere voertuigen, plan een technieker in.',
    'fault.action.203':
      'De laadpaal is te warm: controleer of ze niet in de volle zon hangt of afgedekt is. Ze laadt weer als ze afgekoeld is.',
    'fault.action.204':
      'Het voertuig neemt meer stroom dan ingesteld: controleer de maximale stroom van de laadpaal en de instellingen van het voertuig.',
    'fault.action.205':
      'Vraag de klant de kabel opnieuw in te steken tot hij vastklikt. Blijft de vergrendeling haperen, plan een technieker in.',
    'fault.action.206':
      'Het laadrelais is vastgekleefd: schakel de laadpaal af en plan dringend een technieker in.',
    'fault.action.207':
      'Geen aarding: laat een elektricien de aarding van de installatie nakijken voor er weer geladen wordt.',
    'fault.action.208':
      'Dit voertuig vraagt ventilatie (status D), wat niet ondersteund is: laden is niet mogelijk met dit voertuig.',
    'fault.action.301': 'Temperatuursensor defect: plan een technieker in om de sensor te vervangen.',
    'fault.action.302':
      'De maximumthermostaat sprong aan: reset hem aan de boiler. Komt het terug, laat de regeling nakijken.',
    'fault.action.303':
      'Geen water in de boiler: controleer de watertoevoer en ontlucht de boiler vóór het element weer aangaat.',
    'fault.action.304': 'Verwarmingselement defect: plan een technieker in om het element te vervangen.',
    'fault.action.305': 'Schakelrelais defect: plan een technieker in.',
    'fault.action.901':
      'Geen Modbus-antwoord: controleer of het toestel aan staat, de kabel of het netwerk, en het adres en unit-id in de configuratie. Een Modbus-scan hieronder toont wat er antwoordt.',
    'fault.action.902':
      'Er antwoordt een ander toestel op dit adres: doe een Modbus-scan en pas het adres of unit-id van het toestel aan.',
    'fault.action.903':
      'Het toestel meldt een storing zonder code: bekijk het toestel zelf (display of app van de fabrikant) en herstart het.',
    'fault.action.904':
      'De digitale meter stuurt niets: controleer of de P1-kabel in de meter en de iLusmart steekt en of de P1-poort bij Fluvius geopend is. Onder Probleemoplossing vraag je het laatste telegram op.',
    'fault.action.unknown':
      'Onbekende foutcode: zoek ze op in de handleiding van de fabrikant en noteer wat je vond in het alarm.',
  },
  fr: {
    'fault.action.title': 'Que faire',
    'fault.action.101':
      'Laissez la batterie refroidir : vérifiez la ventilation du local et que la batterie n’est pas au soleil. Si l’erreur persiste, planifiez un technicien.',
    'fault.action.102':
      'Le local est trop froid (sous 0 °C) : la batterie ne charge pas avant de se réchauffer. Conseillez au client de garder le local hors gel.',
    'fault.action.103':
      'Vérifiez les réglages de charge de l’onduleur (tension de charge maximale). Redémarrez la batterie ; si l’erreur persiste, planifiez un technicien.',
    'fault.action.104':
      'La batterie est trop déchargée. Laissez-la charger sur le réseau ou le soleil ; si l’erreur persiste après un jour, planifiez un technicien.',
    'fault.action.105':
      'Vérifiez le câble de communication entre batterie et onduleur (CAN/RS485) et redémarrez les deux. Lisez les registres pour voir si le BMS répond.',
    'fault.action.106':
      'Défaut d’isolement : laissez la batterie éteinte et planifiez d’urgence un technicien (risque d’électrocution).',
    'fault.action.107':
      'Redémarrez l’onduleur de batterie. Si l’erreur revient, planifiez un technicien pour le remplacer.',
    'fault.action.108':
      'Contacteur ou relais défectueux : planifiez un technicien ; la batterie reste éteinte d’ici là.',
    'fault.action.201':
      'Fuite à la terre : demandez au client de vérifier le câble et le véhicule et de réarmer le différentiel. Si l’erreur revient sans véhicule, planifiez un technicien.',
    'fault.action.202':
      'Demandez au client de rebrancher le câble des deux côtés. Si l’erreur revient avec plusieurs véhicules, planifiez un technicien.',
    'fault.action.203':
      'La borne est trop chaude : vérifiez qu’elle n’est pas en plein soleil ni couverte. Elle recharge une fois refroidie.',
    'fault.action.204':
      'Le véhicule prend plus de courant que réglé : vérifiez le courant maximal de la borne et les réglages du véhicule.',
    'fault.action.205':
      'Demandez au client de réinsérer le câble jusqu’au clic. Si le verrouillage coince encore, planifiez un technicien.',
    'fault.action.206':
      'Le relais de charge est collé : coupez la borne et planifiez d’urgence un technicien.',
    'fault.action.207':
      'Pas de terre : faites contrôler la mise à la terre par un électricien avant de recharger.',
    'fault.action.208':
      'Ce véhicule demande une ventilation (état D), non prise en charge : la recharge est impossible avec ce véhicule.',
    'fault.action.301': 'Sonde de température défectueuse : planifiez un technicien pour la remplacer.',
    'fault.action.302':
      'Le thermostat de sécurité a déclenché : réarmez-le sur le boiler. Si cela revient, faites contrôler la régulation.',
    'fault.action.303':
      'Pas d’eau dans le boiler : vérifiez l’arrivée d’eau et purgez le boiler avant que la résistance ne se rallume.',
    'fault.action.304': 'Résistance défectueuse : planifiez un technicien pour la remplacer.',
    'fault.action.305': 'Relais de commutation défectueux : planifiez un technicien.',
    'fault.action.901':
      'Pas de réponse Modbus : vérifiez que l’appareil est allumé, le câble ou le réseau, et l’adresse et l’identifiant d’unité dans la configuration. Un scan Modbus ci-dessous montre ce qui répond.',
    'fault.action.902':
      'Un autre appareil répond à cette adresse : faites un scan Modbus et corrigez l’adresse ou l’identifiant d’unité de l’appareil.',
    'fault.action.903':
      'L’appareil signale une panne sans code : regardez l’appareil lui-même (écran ou app du fabricant) et redémarrez-le.',
    'fault.action.904':
      'Le compteur numérique n’envoie rien : vérifiez que le câble P1 est branché au compteur et à l’iLusmart et que le port P1 est ouvert chez Fluvius. Sous Dépannage, demandez le dernier télégramme.',
    'fault.action.unknown':
      'Code d’erreur inconnu : cherchez-le dans le manuel du fabricant et notez ce que vous avez trouvé dans l’alarme.',
  },
  en: {
    'fault.action.title': 'What to do',
    'fault.action.101':
      'Let the battery cool down: check the room’s ventilation and that the battery is not in the sun. If the fault stays, book a technician.',
    'fault.action.102':
      'The room is too cold (below 0 °C): the battery does not charge until it warms up. Advise the customer to keep the room frost-free.',
    'fault.action.103':
      'Check the inverter’s charge settings (maximum charge voltage). Restart the battery; if the fault stays, book a technician.',
    'fault.action.104':
      'The battery is discharged too deeply. Let it charge from the grid or the sun; if the fault stays after a day, book a technician.',
    'fault.action.105':
      'Check the communication cable between battery and inverter (CAN/RS485) and restart both. Read the registers to see whether the BMS answers.',
    'fault.action.106':
      'Insulation fault: keep the battery switched off and book a technician urgently (risk of electric shock).',
    'fault.action.107':
      'Restart the battery inverter. If the fault comes back, book a technician to replace it.',
    'fault.action.108': 'Contactor or relay faulty: book a technician; the battery stays off until then.',
    'fault.action.201':
      'Earth leakage: ask the customer to check the cable and the car and to reset the RCD. If the fault comes back without a car, book a technician.',
    'fault.action.202':
      'Ask the customer to plug the cable in again at both ends. If the fault comes back with several cars, book a technician.',
    'fault.action.203':
      'The charger is too hot: check that it is not in full sun or covered. It charges again once cooled down.',
    'fault.action.204':
      'The car draws more current than set: check the charger’s maximum current and the car’s settings.',
    'fault.action.205':
      'Ask the customer to push the cable in again until it clicks. If the lock still sticks, book a technician.',
    'fault.action.206':
      'The charging relay is stuck closed: switch the charger off and book a technician urgently.',
    'fault.action.207':
      'No earth: have an electrician check the installation’s earthing before charging again.',
    'fault.action.208':
      'This car asks for ventilation (state D), which is not supported: it cannot charge here.',
    'fault.action.301': 'Temperature sensor faulty: book a technician to replace it.',
    'fault.action.302':
      'The safety thermostat tripped: reset it on the boiler. If it comes back, have the control checked.',
    'fault.action.303':
      'No water in the boiler: check the water supply and bleed the boiler before the element switches on again.',
    'fault.action.304': 'Heating element faulty: book a technician to replace it.',
    'fault.action.305': 'Switching relay faulty: book a technician.',
    'fault.action.901':
      'No Modbus answer: check that the device is on, the cable or network, and the address and unit id in the configuration. A Modbus scan below shows what answers.',
    'fault.action.902':
      'Another device answers on this address: run a Modbus scan and correct the device’s address or unit id.',
    'fault.action.903':
      'The device reports a fault without a code: look at the device itself (display or the maker’s app) and restart it.',
    'fault.action.904':
      'The digital meter sends nothing: check that the P1 cable is plugged into the meter and the iLusmart and that the P1 port is opened at Fluvius. Under Troubleshooting, ask for the last telegram.',
    'fault.action.unknown':
      'Unknown fault code: look it up in the maker’s manual and note what you found on the alarm.',
  },
});

/** Codes with their own advice; any other code gets `fault.action.unknown`. */
export const FAULT_CODES_WITH_ADVICE = [
  101, 102, 103, 104, 105, 106, 107, 108, 201, 202, 203, 204, 205, 206, 207, 208, 301, 302, 303, 304, 305,
  901, 902, 903, 904,
] as const;

/** The advice for a device's fault code (`"901"`, `901`), or the general advice for a code without its own. */
export function faultActionKey(code: string | number | null | undefined): `fault.action.${string}` {
  const n = Number(code);
  return (FAULT_CODES_WITH_ADVICE as readonly number[]).includes(n)
    ? `fault.action.${n}`
    : 'fault.action.unknown';
}
