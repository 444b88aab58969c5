import { defineMessages } from '../define';

/** The company car charged at home and its monthly statement (decision 192); the contract comparison (191). */
export const companyCar = defineMessages({
  nl: {
    'mail.companyCar.subject': 'Laadoverzicht bedrijfswagen {month}',
    'mail.companyCar.correctionSubject': 'Correctie: laadoverzicht bedrijfswagen {month}',
    'mail.companyCar.body':
      'In bijlage het laadoverzicht van {month} voor de bedrijfswagen die thuis laadt aan {charger}, {address}: elke laadsessie met de kWh van de meter van de laadpaal en het CREG-referentietarief. Totaal: {total}.',
    'mail.companyCar.correctionBody':
      'Het CREG-tarief van het kwartaal is intussen gepubliceerd. In bijlage het verbeterde laadoverzicht van {month} voor {charger}, {address}. Nieuw totaal: {total}.',
    'mail.companyCar.footer':
      'Je krijgt deze mail omdat de bewoner dit adres opgaf als werkgever voor de terugbetaling van het thuisladen.',
    'companyCar.ownerOnly': 'Alleen de eigenaar van de woning kan een bedrijfswagen instellen.',
    'companyCar.rate.quarter': 'Een kwartaal schrijf je als 2025-Q3.',
    'companyCar.rate.value': 'Een tarief in € per kWh, bv. 0,3070.',
    'companyCar.region.flanders': 'Vlaanderen',
    'companyCar.region.brussels': 'Brussel',
    'companyCar.region.wallonia': 'Wallonië',
    'companyCar.statement.title': 'Laadoverzicht bedrijfswagen {month}',
    'companyCar.statement.correctionTitle': 'Correctie {version} op het laadoverzicht bedrijfswagen {month}',
    'companyCar.statement.charger': 'Laadpaal',
    'companyCar.statement.employer': 'Werkgever',
    'companyCar.statement.rate': 'Tarief',
    'companyCar.statement.rateQuarter': 'Kwartaal van het tarief',
    'companyCar.statement.rateFinal': 'CREG-referentietarief {region}, {quarter}: {rate} per kWh (incl. btw)',
    'companyCar.statement.rateProvisional':
      'Voorlopig: het CREG-tarief van dit kwartaal is nog niet gepubliceerd; het laatst gepubliceerde ({region}, {quarter}: {rate} per kWh) is toegepast. Een correctie volgt.',
    'companyCar.statement.sessions':
      '{count, plural, =0 {Geen laadsessies} one {# laadsessie} other {# laadsessies}}',
    'companyCar.statement.start': 'Begin',
    'companyCar.statement.end': 'Einde',
    'companyCar.statement.kwh': 'kWh (meter laadpaal)',
    'companyCar.statement.meterStart': 'Meterstand begin (kWh)',
    'companyCar.statement.meterEnd': 'Meterstand einde (kWh)',
    'companyCar.statement.amount': 'Bedrag',
    'companyCar.statement.total': 'Totaal',
    'companyCar.statement.difference': 'Verschil met het vorige overzicht: {amount}',
    'companyCar.statement.legal':
      'Terugbetaling aan het CREG-referentietarief per kwartaal en gewest (circulaires 2024/C/77 en 2025/C/38); kWh gemeten door de meter van de laadpaal, per sessie.',
    'companyCar.statement.generated': 'Gemaakt op',
  },
  fr: {
    'mail.companyCar.subject': 'Relevé de recharge voiture de société {month}',
    'mail.companyCar.correctionSubject': 'Correction : relevé de recharge voiture de société {month}',
    'mail.companyCar.body':
      'Vous trouverez en annexe le relevé de {month} de la voiture de société rechargée à domicile sur {charger}, {address} : chaque session avec les kWh du compteur de la borne et le tarif de référence CREG. Total : {total}.',
    'mail.companyCar.correctionBody':
      'Le tarif CREG du trimestre est désormais publié. Vous trouverez en annexe le relevé corrigé de {month} pour {charger}, {address}. Nouveau total : {total}.',
    'mail.companyCar.footer':
      'Vous recevez ce message parce que l’occupant a indiqué cette adresse comme employeur pour le remboursement de la recharge à domicile.',
    'companyCar.ownerOnly': 'Seul le propriétaire du logement peut déclarer une voiture de société.',
    'companyCar.rate.quarter': 'Un trimestre s’écrit 2025-Q3.',
    'companyCar.rate.value': 'Un tarif en € par kWh, p. ex. 0,3070.',
    'companyCar.region.flanders': 'Flandre',
    'companyCar.region.brussels': 'Bruxelles',
    'companyCar.region.wallonia': 'Wallonie',
    'companyCar.statement.title': 'Relevé de recharge voiture de société {month}',
    'companyCar.statement.correctionTitle':
      'Correction {version} du relevé de recharge voiture de société {month}',
    'companyCar.statement.charger': 'Borne',
    'companyCar.statement.employer': 'Employeur',
    'companyCar.statement.rate': 'Tarif',
    'companyCar.statement.rateQuarter': 'Trimestre du tarif',
    'companyCar.statement.rateFinal':
      'Tarif de référence CREG {region}, {quarter} : {rate} par kWh (TVA comprise)',
    'companyCar.statement.rateProvisional':
      'Provisoire : le tarif CREG de ce trimestre n’est pas encore publié ; le dernier publié ({region}, {quarter} : {rate} par kWh) est appliqué. Une correction suivra.',
    'companyCar.statement.sessions':
      '{count, plural, =0 {Aucune session de recharge} one {# session de recharge} other {# sessions de recharge}}',
    'companyCar.statement.start': 'Début',
    'companyCar.statement.end': 'Fin',
    'companyCar.statement.kwh': 'kWh (compteur de la borne)',
    'companyCar.statement.meterStart': 'Index début (kWh)',
    'companyCar.statement.meterEnd': 'Index fin (kWh)',
    'companyCar.statement.amount': 'Montant',
    'companyCar.statement.total': 'Total',
    'companyCar.statement.difference': 'Différence avec le relevé précédent : {amount}',
    'companyCar.statement.legal':
      'Remboursement au tarif de référence CREG par trimestre et par région (circulaires 2024/C/77 et 2025/C/38) ; kWh mesurés par le compteur de la borne, par session.',
    'companyCar.statement.generated': 'Établi le',
  },
  en: {
    'mail.companyCar.subject': 'Company car charging statement {month}',
    'mail.companyCar.correctionSubject': 'Correction: company car charging statement {month}',
    'mail.companyCar.body':
      'Attached is the {month} statement of the company car charged at home on {charger}, {address}: every session with the kWh of the charger’s meter and the CREG reference rate. Total: {total}.',
    'mail.companyCar.correctionBody':
      'The CREG rate of the quarter has now been published. Attached is the corrected {month} statement for {charger}, {address}. New total: {total}.',
    'mail.companyCar.footer':
      'You receive this mail because the resident gave this address as the employer for the home-charging refund.',
    'companyCar.ownerOnly': 'Only the home’s owner can set up a company car.',
    'companyCar.rate.quarter': 'Write a quarter as 2025-Q3.',
    'companyCar.rate.value': 'A rate in € per kWh, e.g. 0.3070.',
    'companyCar.region.flanders': 'Flanders',
    'companyCar.region.brussels': 'Brussels',
    'companyCar.region.wallonia': 'Wallonia',
    'companyCar.statement.title': 'Company car charging statement {month}',
    'companyCar.statement.correctionTitle':
      'Correction {version} of the company car charging statement {month}',
    'companyCar.statement.charger': 'Charger',
    'companyCar.statement.employer': 'Employer',
    'companyCar.statement.rate': 'Rate',
    'companyCar.statement.rateQuarter': 'Quarter of the rate',
    'companyCar.statement.rateFinal': 'CREG reference rate {region}, {quarter}: {rate} per kWh (incl. VAT)',
    'companyCar.statement.rateProvisional':
      'Provisional: the CREG rate of this quarter is not published yet; the latest published one ({region}, {quarter}: {rate} per kWh) was applied. A correction will follow.',
    'companyCar.statement.sessions':
      '{count, plural, =0 {No charge sessions} one {# charge session} other {# charge sessions}}',
    'companyCar.statement.start': 'Start',
    'companyCar.statement.end': 'End',
    'companyCar.statement.kwh': 'kWh (charger’s meter)',
    'companyCar.statement.meterStart': 'Meter at start (kWh)',
    'companyCar.statement.meterEnd': 'Meter at end (kWh)',
    'companyCar.statement.amount': 'Amount',
    'companyCar.statement.total': 'Total',
    'companyCar.statement.difference': 'Difference with the previous statement: {amount}',
    'companyCar.statement.legal':
      'Reimbursed at the CREG reference rate per quarter and region (circulars 2024/C/77 and 2025/C/38); kWh measured by the charger’s own meter, per session.',
    'companyCar.statement.generated': 'Made on',
  },
});
